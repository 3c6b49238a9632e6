import {
  IconBuilding,
  IconChartBar,
  IconClipboardCheck,
  IconKey,
  IconLifebuoy,
  IconMapPin,
  IconMessageCircle,
  IconRoute,
  IconSchool,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';

export type Section = 'journeys' | 'feedback' | 'insights' | 'recovery' | 'audits' | 'coaching';

export interface NavItem {
  path: string;
  /** Translation key of the label. */
  label: string;
  icon: Icon;
}

export const SECTION_ICONS: Record<Section, Icon> = {
  journeys: IconRoute,
  feedback: IconMessageCircle,
  insights: IconChartBar,
  recovery: IconLifebuoy,
  audits: IconClipboardCheck,
  coaching: IconSchool,
};

export const SECTIONS: readonly Section[] = ['journeys', 'feedback', 'insights', 'recovery', 'audits', 'coaching'];

export const PRODUCT_NAV: readonly NavItem[] = SECTIONS.map((section) => ({
  path: `/${section}`,
  label: `nav.${section}`,
  icon: SECTION_ICONS[section],
}));

export const SETTINGS_NAV: readonly NavItem[] = [
  { path: '/settings/organisation', label: 'nav.organisation', icon: IconBuilding },
  { path: '/settings/locations', label: 'nav.locations', icon: IconMapPin },
  { path: '/settings/users', label: 'nav.users', icon: IconUsers },
  { path: '/settings/api-keys', label: 'nav.apiKeys', icon: IconKey },
];
