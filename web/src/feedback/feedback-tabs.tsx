import { AreaTabs, type AreaTab } from '../components/area-tabs';

const TABS: readonly AreaTab[] = [
  { value: '/feedback', label: 'feedback.tabs.surveys' },
  { value: '/feedback/responses', label: 'feedback.tabs.responses' },
  { value: '/feedback/links', label: 'feedback.tabs.links' },
  { value: '/feedback/channels', label: 'feedback.tabs.channels' },
  { value: '/feedback/triggers', label: 'feedback.tabs.triggers' },
  { value: '/feedback/imports', label: 'feedback.tabs.imports' },
];

/** The parts of the feedback area, each its own address. */
export function FeedbackTabs() {
  return <AreaTabs tabs={TABS} label="feedback.tabs.label" />;
}
