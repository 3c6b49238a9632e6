import { useEffect, useState } from 'react';
import { Badge, Tooltip } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';

/** Within this many minutes of its deadline a case is "due soon" (the server uses the same 2 h). */
const DUE_SOON_MINUTES = 120;

/** The current time, ticking every `everyMs` so countdowns move while the page is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

type T = (key: string, options?: Record<string, unknown>) => string;

/** "2 d 3 h", "1 h 20 min", "5 min" in the reader's language. */
export function formatDuration(minutes: number, t: T): string {
  const total = Math.max(0, Math.round(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(t('recovery.duration.days', { count: days }));
  if (hours > 0) parts.push(t('recovery.duration.hours', { count: hours }));
  if (days === 0 && (mins > 0 || parts.length === 0)) parts.push(t('recovery.duration.minutes', { count: mins }));
  return parts.join(' ');
}

export function slaColor(dueAt: string | null, now: number): string {
  if (!dueAt) return 'gray';
  const left = (new Date(dueAt).getTime() - now) / 60_000;
  if (left < 0) return 'red';
  if (left <= DUE_SOON_MINUTES) return 'orange';
  return 'teal';
}

/** A live countdown to the case's next deadline: teal on track, orange due soon, red overdue. */
export function SlaCountdown({ dueAt, closed = false, size = 'md' }: { dueAt: string | null; closed?: boolean; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow();
  if (closed || !dueAt) {
    return (
      <Badge size={size} color="gray" variant="light" leftSection={<IconClock size={14} aria-hidden />}>
        {t('recovery.sla.none')}
      </Badge>
    );
  }
  const left = (new Date(dueAt).getTime() - now) / 60_000;
  const label = left < 0 ? t('recovery.sla.overdue', { time: formatDuration(-left, t) }) : t('recovery.sla.dueIn', { time: formatDuration(left, t) });
  return (
    <Tooltip label={t('recovery.sla.dueAt', { at: format.dateTime(dueAt) })}>
      <Badge size={size} color={slaColor(dueAt, now)} variant={left < 0 ? 'filled' : 'light'} leftSection={<IconClock size={14} aria-hidden />} data-sla={left < 0 ? 'breached' : left <= DUE_SOON_MINUTES ? 'due_soon' : 'on_track'}>
        {label}
      </Badge>
    </Tooltip>
  );
}
