/*
 * Business time: SLA clocks run only while an outlet is open, in the outlet's own time zone, and stop
 * on the organisation's holidays. Pure functions: the calendar and the start instant are passed in.
 *
 * Opening hours are wall-clock windows ("09:00"–"18:00") per weekday. A window is turned into real
 * instants for each date separately, so on the day a clock changes (Europe/Budapest in March and
 * October) a 00:00–24:00 window holds 23 or 25 hours of business time and a 09:00–18:00 window still
 * holds nine. A calendar day may replace its weekday's hours: a holiday closes it; a workday opens it
 * (China moves working days onto weekends around its long holidays, 调休) or shortens it.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock "HH:MM"; an end may be "24:00" (midnight at the end of the day). */
export interface TimeWindow {
  start: string;
  end: string;
}

export type WeekHours = Record<Weekday, TimeWindow[]>;

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  kind: CalendarDayKind;
  name?: string | null;
  /** A workday's hours; without them it has Monday's hours. Ignored for holidays. */
  hours?: TimeWindow[] | null;
}

export interface BusinessCalendar {
  timezone: string;
  weekHours: WeekHours;
  holidays: readonly CalendarDay[];
}

/** Monday to Friday, 09:00–18:00: the default when an organisation has set nothing. */
export const OFFICE_HOURS: WeekHours = {
  mon: [{ start: '09:00', end: '18:00' }],
  tue: [{ start: '09:00', end: '18:00' }],
  wed: [{ start: '09:00', end: '18:00' }],
  thu: [{ start: '09:00', end: '18:00' }],
  fri: [{ start: '09:00', end: '18:00' }],
  sat: [],
  sun: [],
};

/** Open around the clock (a call centre, a hotel front desk). */
export const ALWAYS_OPEN: WeekHours = Object.fromEntries(WEEKDAYS.map((day) => [day, [{ start: '00:00', end: '24:00' }]])) as WeekHours;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Far enough for any real SLA; a calendar that never opens must not loop for ever. */
const MAX_DAYS_SEARCHED = 3 * 366;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function minutesOfTime(value: string): number | undefined {
  if (!TIME_RE.test(value)) return undefined;
  const [hours, minutes] = value.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

export function isValidDate(value: string): boolean {
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export interface CalendarProblem {
  field: string;
  message: string;
}

/** Windows must be valid times, end after start, and not overlap each other. */
export function windowProblems(windows: readonly TimeWindow[], field: string): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const parsed: { start: number; end: number; index: number }[] = [];
  windows.forEach((window, index) => {
    const start = minutesOfTime(window.start);
    const end = minutesOfTime(window.end);
    if (start === undefined || window.start === '24:00') problems.push({ field: `${field}.${index}.start`, message: `${field}.${index}.start must be a time HH:MM from 00:00 to 23:59` });
    else if (end === undefined) problems.push({ field: `${field}.${index}.end`, message: `${field}.${index}.end must be a time HH:MM from 00:01 to 24:00` });
    else if (end <= start) problems.push({ field: `${field}.${index}.end`, message: `${field}.${index}.end must be later than its start` });
    else parsed.push({ start, end, index });
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.start < parsed[i - 1]!.end) {
      problems.push({ field: `${field}.${parsed[i]!.index}.start`, message: `${field}.${parsed[i]!.index} overlaps another window of the same day` });
    }
  }
  return problems;
}

export function weekHoursProblems(weekHours: WeekHours, field = 'weekHours'): CalendarProblem[] {
  const problems = WEEKDAYS.flatMap((day) => windowProblems(weekHours[day] ?? [], `${field}.${day}`));
  if (problems.length === 0 && WEEKDAYS.every((day) => (weekHours[day] ?? []).length === 0)) {
    problems.push({ field, message: `${field} needs at least one opening window, or no deadline could ever fall due` });
  }
  return problems;
}

export function calendarDayProblems(days: readonly CalendarDay[], field = 'days'): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const seen = new Set<string>();
  days.forEach((day, index) => {
    if (!isValidDate(day.date)) problems.push({ field: `${field}.${index}.date`, message: `${field}.${index}.date must be a calendar date YYYY-MM-DD` });
    else if (seen.has(day.date)) problems.push({ field: `${field}.${index}.date`, message: `${day.date} is listed twice` });
    seen.add(day.date);
    if (day.kind === 'workday' && day.hours) {
      problems.push(...windowProblems(day.hours, `${field}.${index}.hours`));
      if (day.hours.length === 0) problems.push({ field: `${field}.${index}.hours`, message: `${field}.${index}.hours of a workday cannot be empty (make it a holiday instead)` });
    }
  });
  return problems;
}

// ---------- time zones ----------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: number, timezone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timezone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at an instant, in milliseconds (Budapest in summer: +7,200,000). */
function offsetAt(instant: number, timezone: string): number {
  const p = localParts(instant, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local wall-clock time names. A time repeated when clocks go back is the first of
 * the two; a time skipped when clocks go forward is moved forward by the gap (02:30 → 03:30), as
 * java.time and Temporal do.
 */
export function zonedTimeToInstant(date: { year: number; month: number; day: number }, minutesOfDay: number, timezone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutesOfDay * MINUTE;
  const before = offsetAt(wall - DAY, timezone);
  const after = offsetAt(wall + DAY, timezone);
  const candidates = [wall - before, wall - after].filter((instant, i) => offsetAt(instant, timezone) === (i === 0 ? before : after));
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function localDateOf(instant: number, timezone: string): LocalDate {
  const p = localParts(instant, timezone);
  return { year: p.year, month: p.month, day: p.day };
}

function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

function isoDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function weekdayOf(date: LocalDate): Weekday {
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7]!;
}

// ---------- opening windows ----------

function windowsOfDate(date: LocalDate, calendar: BusinessCalendar, byDate: Map<string, CalendarDay>): TimeWindow[] {
  const special = byDate.get(isoDate(date));
  if (special?.kind === 'holiday') return [];
  if (special?.kind === 'workday') return special.hours && special.hours.length > 0 ? special.hours : calendar.weekHours.mon;
  return calendar.weekHours[weekdayOf(date)] ?? [];
}

/** The real instants a date's windows cover, in order. */
function intervalsOfDate(date: LocalDate, calendar: BusinessCalendar, byDate: Map<string, CalendarDay>): [number, number][] {
  return windowsOfDate(date, calendar, byDate)
    .map((window): [number, number] => [
      zonedTimeToInstant(date, minutesOfTime(window.start)!, calendar.timezone),
      zonedTimeToInstant(date, minutesOfTime(window.end)!, calendar.timezone),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
}

function dayIndex(calendar: BusinessCalendar): Map<string, CalendarDay> {
  return new Map(calendar.holidays.map((day) => [day.date, day]));
}

/**
 * The instant `minutes` of business time after `start`. A start outside opening hours waits for the
 * next opening; a deadline that uses up a window exactly ends at its closing time, not at the next
 * opening. Zero minutes is `start` itself.
 */
export function addBusinessTime(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a finite number ≥ 0');
  if (minutes === 0) return new Date(start.getTime());
  const byDate = dayIndex(calendar);
  let remaining = minutes * MINUTE;
  let cursor = start.getTime();
  // The local date before the start's is searched too: its windows never reach into the start's date,
  // but starting there costs nothing and keeps the loop free of edge cases around midnight.
  let date = localDateOf(cursor - DAY, calendar.timezone);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date = nextDate(date)) {
    for (const [open, close] of intervalsOfDate(date, calendar, byDate)) {
      if (close <= cursor) continue;
      const from = Math.max(open, cursor);
      if (remaining <= close - from) return new Date(from + remaining);
      remaining -= close - from;
      cursor = close;
    }
  }
  throw new RangeError(`the calendar has fewer than ${minutes} business minutes in the ${MAX_DAYS_SEARCHED} days after ${start.toISOString()}`);
}

/** Business minutes between two instants (0 when `end` is not after `start`). */
export function businessMinutesBetween(start: Date, end: Date, calendar: BusinessCalendar): number {
  const from = start.getTime();
  const to = end.getTime();
  if (to <= from) return 0;
  const byDate = dayIndex(calendar);
  let total = 0;
  let date = localDateOf(from - DAY, calendar.timezone);
  const last = isoDate(localDateOf(to, calendar.timezone));
  for (let i = 0; i < MAX_DAYS_SEARCHED * 10; i++, date = nextDate(date)) {
    for (const [open, close] of intervalsOfDate(date, calendar, byDate)) {
      const overlap = Math.min(close, to) - Math.max(open, from);
      if (overlap > 0) total += overlap;
    }
    if (isoDate(date) === last) break;
  }
  return total / MINUTE;
}

/** Whether an instant falls inside opening hours. */
export function isOpenAt(instant: Date, calendar: BusinessCalendar): boolean {
  const t = instant.getTime();
  const byDate = dayIndex(calendar);
  const today = localDateOf(t, calendar.timezone);
  return intervalsOfDate(today, calendar, byDate).some(([open, close]) => open <= t && t < close);
}
