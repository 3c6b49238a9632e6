import { EmptyState, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header';
import { SECTION_ICONS, type Section } from '../shell/nav-items';

/**
 * The product areas that the foundation does not fill yet. Each says plainly that it is empty
 * and what it will hold, rather than showing made-up data.
 */
export function SectionPage({ section }: { section: Section }) {
  const { t } = useTranslation();
  const Icon = SECTION_ICONS[section];
  return (
    <>
      <PageHeader title={t(`nav.${section}`)} />
      <Paper withBorder p="xl" radius="md">
        <EmptyState
          icon={<Icon size={32} stroke={1.5} aria-hidden />}
          variant="light"
          title={t('sections.emptyTitle')}
          description={t(`sections.${section}`)}
        />
      </Paper>
    </>
  );
}
