import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';

const TABS = [
  { value: '/feedback', label: 'feedback.tabs.surveys' },
  { value: '/feedback/responses', label: 'feedback.tabs.responses' },
  { value: '/feedback/links', label: 'feedback.tabs.links' },
  { value: '/feedback/channels', label: 'feedback.tabs.channels' },
  { value: '/feedback/triggers', label: 'feedback.tabs.triggers' },
  { value: '/feedback/imports', label: 'feedback.tabs.imports' },
] as const;

/** The three parts of the feedback area; each is its own address, so a tab can be bookmarked. */
export function FeedbackTabs() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const active = TABS.find((tab) => tab.value !== '/feedback' && pathname.startsWith(tab.value))?.value ?? '/feedback';
  return (
    <Tabs value={active} onChange={(value) => value && void navigate(value)} mb="lg" activateTabWithKeyboard={false}>
      <Tabs.List aria-label={t('feedback.tabs.label')}>
        {TABS.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {t(tab.label)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
