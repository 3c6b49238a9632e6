import { AreaTabs, type AreaTab } from '../components/area-tabs';

const TABS: readonly AreaTab[] = [
  { value: '/audits', label: 'audits.tabs.runs' },
  { value: '/audits/checklists', label: 'audits.tabs.checklists' },
  { value: '/audits/schedules', label: 'audits.tabs.schedules' },
  { value: '/audits/actions', label: 'audits.tabs.actions' },
  { value: '/audits/improvements', label: 'audits.tabs.improvements' },
  { value: '/audits/checks-vs-customers', label: 'audits.tabs.gap' },
];

/** The parts of the audits area, each its own address. */
export function AuditsTabs() {
  return <AreaTabs tabs={TABS} label="audits.tabs.label" />;
}
