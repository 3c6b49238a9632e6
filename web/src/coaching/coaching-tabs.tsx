import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';

const TABS = [
  { value: '/coaching', label: 'coaching.tabs.dashboard' },
  { value: '/coaching/cards', label: 'coaching.tabs.cards' },
  { value: '/coaching/exams', label: 'coaching.tabs.exams' },
  { value: '/coaching/role-plays', label: 'coaching.tabs.rolePlays' },
  { value: '/coaching/pulse', label: 'coaching.tabs.pulse' },
  { value: '/coaching/recognition', label: 'coaching.tabs.recognition' },
] as const;

/** The parts of the coaching area; each is its own address, so a tab can be bookmarked. */
export function CoachingTabs() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const active = TABS.find((tab) => tab.value !== '/coaching' && pathname.startsWith(tab.value))?.value ?? '/coaching';
  return (
    <Tabs value={active} onChange={(value) => value && void navigate(value)} mb="lg" activateTabWithKeyboard={false}>
      <Tabs.List aria-label={t('coaching.tabs.label')}>
        {TABS.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {t(tab.label)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
