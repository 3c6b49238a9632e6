import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';

const TABS = [
  { value: '/audits', label: 'audits.tabs.runs' },
  { value: '/audits/checklists', label: 'audits.tabs.checklists' },
  { value: '/audits/actions', label: 'audits.tabs.actions' },
  { value: '/audits/improvements', label: 'audits.tabs.improvements' },
  { value: '/audits/checks-vs-customers', label: 'audits.tabs.gap' },
] as const;

/** The parts of the audits area; each is its own address, so a tab can be bookmarked. */
export function AuditsTabs() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const active = TABS.find((tab) => tab.value !== '/audits' && pathname.startsWith(tab.value))?.value ?? '/audits';
  return (
    <Tabs value={active} onChange={(value) => value && void navigate(value)} mb="lg" activateTabWithKeyboard={false}>
      <Tabs.List aria-label={t('audits.tabs.label')}>
        {TABS.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {t(tab.label)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
