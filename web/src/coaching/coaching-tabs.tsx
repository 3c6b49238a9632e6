import { AreaTabs, type AreaTab } from '../components/area-tabs';

const TABS: readonly AreaTab[] = [
  { value: '/coaching', label: 'coaching.tabs.dashboard' },
  { value: '/coaching/cards', label: 'coaching.tabs.cards' },
  { value: '/coaching/exams', label: 'coaching.tabs.exams' },
  { value: '/coaching/role-plays', label: 'coaching.tabs.rolePlays' },
  { value: '/coaching/pulse', label: 'coaching.tabs.pulse' },
  { value: '/coaching/recognition', label: 'coaching.tabs.recognition' },
  { value: '/coaching/staff', label: 'coaching.tabs.staff' },
  { value: '/coaching/questions', label: 'coaching.tabs.questions' },
  { value: '/coaching/exam-setup', label: 'coaching.tabs.examSetup' },
];

/** The parts of the coaching area, each its own address. */
export function CoachingTabs() {
  return <AreaTabs tabs={TABS} label="coaching.tabs.label" />;
}
