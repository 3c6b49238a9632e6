import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  OFFICE_HOURS,
  addBusinessTime,
  businessMinutesBetween,
  calendarDayProblems,
  isOpenAt,
  weekHoursProblems,
  zonedTimeToInstant,
  type BusinessCalendar,
  type CalendarDay,
} from './business-time.ts';

const budapest = (holidays: CalendarDay[] = [], weekHours = OFFICE_HOURS): BusinessCalendar => ({ timezone: 'Europe/Budapest', weekHours, holidays });
const shanghai = (holidays: CalendarDay[] = [], weekHours = OFFICE_HOURS): BusinessCalendar => ({ timezone: 'Asia/Shanghai', weekHours, holidays });
const at = (iso: string) => new Date(iso);

describe('zonedTimeToInstant', () => {
  it('reads a wall-clock time in the zone, summer and winter', () => {
    expect(new Date(zonedTimeToInstant({ year: 2026, month: 1, day: 15 }, 9 * 60, 'Europe/Budapest')).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(new Date(zonedTimeToInstant({ year: 2026, month: 7, day: 15 }, 9 * 60, 'Europe/Budapest')).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(new Date(zonedTimeToInstant({ year: 2026, month: 7, day: 15 }, 9 * 60, 'Asia/Shanghai')).toISOString()).toBe('2026-07-15T01:00:00.000Z');
  });

  it('moves a time skipped in spring forward by the gap and takes the first of a repeated autumn time', () => {
    // 29 March 2026: Budapest jumps from 02:00 CET to 03:00 CEST; 02:30 does not exist.
    expect(new Date(zonedTimeToInstant({ year: 2026, month: 3, day: 29 }, 150, 'Europe/Budapest')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 02:30 happens twice (CEST, then CET); the first is 00:30 UTC.
    expect(new Date(zonedTimeToInstant({ year: 2026, month: 10, day: 25 }, 150, 'Europe/Budapest')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('treats 24:00 as the next midnight', () => {
    expect(new Date(zonedTimeToInstant({ year: 2026, month: 1, day: 15 }, 24 * 60, 'Asia/Shanghai')).toISOString()).toBe('2026-01-15T16:00:00.000Z');
  });
});

describe('addBusinessTime', () => {
  it('adds inside one opening window', () => {
    // Tuesday 10:00 Budapest (CET) + 90 min.
    expect(addBusinessTime(at('2026-01-13T09:00:00Z'), 90, budapest()).toISOString()).toBe('2026-01-13T10:30:00.000Z');
  });

  it('waits for the opening when it starts before it, and carries over the night', () => {
    // Tuesday 07:00 local → opens 09:00, + 60 → 10:00 local = 09:00Z.
    expect(addBusinessTime(at('2026-01-13T06:00:00Z'), 60, budapest()).toISOString()).toBe('2026-01-13T09:00:00.000Z');
    // Tuesday 17:30 local + 60 → 30 min today, 30 min Wednesday → 09:30 local.
    expect(addBusinessTime(at('2026-01-13T16:30:00Z'), 60, budapest()).toISOString()).toBe('2026-01-14T08:30:00.000Z');
  });

  it('ends at the closing time when the minutes use up a window exactly', () => {
    // Tuesday 17:00 local + 60 → 18:00 Tuesday, not 09:00 Wednesday.
    expect(addBusinessTime(at('2026-01-13T16:00:00Z'), 60, budapest()).toISOString()).toBe('2026-01-13T17:00:00.000Z');
  });

  it('skips the weekend', () => {
    // Friday 16:00 local + 180 → 2 h Friday, 1 h Monday → Monday 10:00 local.
    expect(addBusinessTime(at('2026-01-16T15:00:00Z'), 180, budapest()).toISOString()).toBe('2026-01-19T09:00:00.000Z');
    // Saturday noon counts from Monday's opening.
    expect(addBusinessTime(at('2026-01-17T11:00:00Z'), 30, budapest()).toISOString()).toBe('2026-01-19T08:30:00.000Z');
  });

  it('crosses the spring clock change in Europe/Budapest with wall-clock opening hours', () => {
    // Friday 27 March 2026 16:00 CET + 180 min → 2 h Friday, 1 h on Monday 30 March, now CEST (UTC+2).
    expect(addBusinessTime(at('2026-03-27T15:00:00Z'), 180, budapest()).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('counts real elapsed time on the night the clocks change when open around the clock', () => {
    // Saturday 28 March 23:00 CET (22:00Z) + 4 h of a 24/7 calendar = 4 real hours, i.e. 04:00 CEST.
    const spring = addBusinessTime(at('2026-03-28T22:00:00Z'), 240, budapest([], ALWAYS_OPEN));
    expect(spring.toISOString()).toBe('2026-03-29T02:00:00.000Z');
    // Sunday 29 March holds only 23 hours; 25 October holds 25.
    const sundayStart = at('2026-03-28T23:00:00Z');
    expect(businessMinutesBetween(sundayStart, at('2026-03-29T22:00:00Z'), budapest([], ALWAYS_OPEN))).toBe(23 * 60);
    expect(businessMinutesBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), budapest([], ALWAYS_OPEN))).toBe(25 * 60);
  });

  it('crosses the autumn clock change with office hours', () => {
    // Friday 23 October 2026 17:00 CEST (15:00Z) + 120 → 1 h Friday, 1 h Monday 26 October 09:00–10:00 CET = 09:00Z.
    expect(addBusinessTime(at('2026-10-23T15:00:00Z'), 120, budapest()).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('skips holidays of the calendar', () => {
    // Hungary's national day, 23 October, is a Friday in 2026: Thursday 17:00 + 120 → 1 h Thursday, Monday 09:00–10:00.
    const calendar = budapest([{ date: '2026-10-23', kind: 'holiday', name: 'Nemzeti ünnep' }]);
    expect(addBusinessTime(at('2026-10-22T15:00:00Z'), 120, calendar).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('Asia/Shanghai: skips the National Day week and works on the moved Saturday (调休)', () => {
    const holidays: CalendarDay[] = [
      ...[1, 2, 3, 4, 5, 6, 7].map((day): CalendarDay => ({ date: `2026-10-0${day}`, kind: 'holiday', name: '国庆节' })),
      { date: '2026-10-10', kind: 'workday', name: '调休上班' },
    ];
    const calendar = shanghai(holidays);
    // Wednesday 30 September 17:00 CST + 120 → 1 h that day, then Thursday 8 October 09:00 + 1 h.
    expect(addBusinessTime(at('2026-09-30T09:00:00Z'), 120, calendar).toISOString()).toBe('2026-10-08T02:00:00.000Z');
    // Friday 9 October 17:30 + 60 → 30 min Friday, Saturday 10 October is a workday (Monday's hours): 09:30.
    expect(addBusinessTime(at('2026-10-09T09:30:00Z'), 60, calendar).toISOString()).toBe('2026-10-10T01:30:00.000Z');
  });

  it('uses a workday’s own hours when given (a short day)', () => {
    const calendar = budapest([{ date: '2026-12-24', kind: 'workday', name: 'Szenteste', hours: [{ start: '09:00', end: '12:00' }] }]);
    // Thursday 24 December 11:00 CET + 120 → 1 h until 12:00, then Friday 25th (a normal Friday here) 09:00 + 1 h.
    expect(addBusinessTime(at('2026-12-24T10:00:00Z'), 120, calendar).toISOString()).toBe('2026-12-25T09:00:00.000Z');
  });

  it('handles several windows a day (a lunch break)', () => {
    const split = { ...OFFICE_HOURS, tue: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }] };
    // Tuesday 11:30 local + 60 → 30 before lunch, 30 after → 13:30 local.
    expect(addBusinessTime(at('2026-01-13T10:30:00Z'), 60, budapest([], split)).toISOString()).toBe('2026-01-13T12:30:00.000Z');
  });

  it('returns the start for zero minutes and refuses negative ones', () => {
    const start = at('2026-01-17T11:00:00Z');
    expect(addBusinessTime(start, 0, budapest()).getTime()).toBe(start.getTime());
    expect(() => addBusinessTime(start, -1, budapest())).toThrow(RangeError);
  });

  it('refuses a calendar that never opens instead of looping', () => {
    const closed = { ...OFFICE_HOURS, mon: [], tue: [], wed: [], thu: [], fri: [] };
    expect(() => addBusinessTime(at('2026-01-13T09:00:00Z'), 10, budapest([], closed))).toThrow(RangeError);
  });

  it('is the inverse of businessMinutesBetween (property)', () => {
    const zones = ['Europe/Budapest', 'Asia/Shanghai', 'America/New_York', 'Europe/Moscow', 'Asia/Taipei'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.integer({ min: 1, max: 20 * 60 * 10 }),
        fc.constantFrom(...zones),
        fc.boolean(),
        (startMs, minutes, timezone, aroundTheClock) => {
          const calendar: BusinessCalendar = { timezone, weekHours: aroundTheClock ? ALWAYS_OPEN : OFFICE_HOURS, holidays: [{ date: '2026-05-01', kind: 'holiday' }] };
          const start = new Date(startMs);
          const due = addBusinessTime(start, minutes, calendar);
          expect(due.getTime()).toBeGreaterThan(start.getTime());
          expect(businessMinutesBetween(start, due, calendar)).toBeCloseTo(minutes, 6);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isOpenAt', () => {
  it('knows opening hours, weekends and holidays', () => {
    expect(isOpenAt(at('2026-01-13T09:00:00Z'), budapest())).toBe(true);
    expect(isOpenAt(at('2026-01-13T17:00:00Z'), budapest())).toBe(false);
    expect(isOpenAt(at('2026-01-17T10:00:00Z'), budapest())).toBe(false);
    expect(isOpenAt(at('2026-01-13T09:00:00Z'), budapest([{ date: '2026-01-13', kind: 'holiday' }]))).toBe(false);
  });
});

describe('calendar validation', () => {
  it('names the field of a bad window, an overlap and an all-closed week', () => {
    expect(weekHoursProblems({ ...OFFICE_HOURS, mon: [{ start: '18:00', end: '09:00' }] })[0]?.field).toBe('weekHours.mon.0.end');
    expect(weekHoursProblems({ ...OFFICE_HOURS, tue: [{ start: '9:00', end: '12:00' }] })[0]?.field).toBe('weekHours.tue.0.start');
    expect(weekHoursProblems({ ...OFFICE_HOURS, wed: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] })[0]?.field).toBe('weekHours.wed.1.start');
    const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(weekHoursProblems(closed)[0]?.field).toBe('weekHours');
    expect(weekHoursProblems(OFFICE_HOURS)).toEqual([]);
  });

  it('refuses impossible and repeated dates', () => {
    expect(calendarDayProblems([{ date: '2026-02-30', kind: 'holiday' }])[0]?.field).toBe('days.0.date');
    expect(calendarDayProblems([{ date: '2026-02-03', kind: 'holiday' }, { date: '2026-02-03', kind: 'workday' }])[0]?.field).toBe('days.1.date');
    expect(calendarDayProblems([{ date: '2026-02-03', kind: 'workday', hours: [] }])[0]?.field).toBe('days.0.hours');
  });
});
