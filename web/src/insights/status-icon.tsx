import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleX, IconTarget } from '@tabler/icons-react';
import type { HeatStatus } from './insights-model';

const ICONS = {
  meets: IconCircleCheck,
  near: IconAlertTriangle,
  below: IconCircleX,
  insufficient: IconCircleDashed,
  no_benchmark: IconTarget,
} as const;

/** The icon that goes with a status colour, so the status reads without colour vision. */
export function StatusIcon({ status, size = 16 }: { status: HeatStatus; size?: number }) {
  const Icon = ICONS[status];
  return <Icon size={size} aria-hidden stroke={1.8} />;
}
