import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';

export interface AreaTab {
  /** The tab's address; the first tab's is the area's own root (e.g. `/audits`). */
  value: string;
  /** Translation key of the label. */
  label: string;
}

/**
 * The parts of a product area as tabs; each is its own address, so a tab can be bookmarked and the
 * back button works. The first tab is the area's root and is active for any address no other tab
 * starts (e.g. `/audits/runs/:id` under `/audits`).
 */
export function AreaTabs({ tabs, label }: { tabs: readonly AreaTab[]; label: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const root = tabs[0]!.value;
  const active = tabs.find((tab) => tab.value !== root && pathname.startsWith(tab.value))?.value ?? root;
  return (
    <Tabs value={active} onChange={(value) => value && void navigate(value)} mb="lg" activateTabWithKeyboard={false}>
      <Tabs.List aria-label={t(label)}>
        {tabs.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {t(tab.label)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
