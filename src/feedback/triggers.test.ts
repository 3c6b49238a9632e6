import { describe, expect, it } from 'vitest';
import { applyQuietHours, isSampledIn, localTime, samplingDraw } from './triggers.ts';

describe('quiet hours', () => {
  const night = { start: '21:00', end: '09:00' };

  it('moves a send inside the window to its end, in the outlet’s time zone', () => {
    // 23:30 in Taipei (UTC+8) → 09:00 the next morning there.
    const moved = applyQuietHours(new Date('2026-11-20T15:30:00Z'), 'Asia/Taipei', night);
    expect(moved.toISOString()).toBe('2026-11-21T01:00:00.000Z');
    // 06:10 in Budapest (UTC+1 in November) → 09:00 the same day.
    expect(applyQuietHours(new Date('2026-11-20T05:10:42Z'), 'Europe/Budapest', night).toISOString()).toBe('2026-11-20T08:00:00.000Z');
  });

  it('leaves a send outside the window alone', () => {
    const at = new Date('2026-11-20T04:00:00Z'); // 12:00 in Taipei
    expect(applyQuietHours(at, 'Asia/Taipei', night)).toBe(at);
    expect(applyQuietHours(at, 'Asia/Taipei', null)).toBe(at);
  });

  it('handles a window within one day and the daylight-saving change', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(applyQuietHours(new Date('2026-11-20T04:15:00Z'), 'Asia/Taipei', lunch).toISOString()).toBe('2026-11-20T05:30:00.000Z');
    // Budapest leaves summer time on 2026-10-25 at 03:00: 01:00 local (UTC+2) → 09:00 local (UTC+1).
    const moved = applyQuietHours(new Date('2026-10-24T23:00:00Z'), 'Europe/Budapest', night);
    expect(localTime(moved, 'Europe/Budapest')).toEqual({ date: '2026-10-25', minute: 9 * 60 });
    expect(moved.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });
});

describe('sampling', () => {
  it('is deterministic per trigger and interaction and close to the rate', () => {
    expect(samplingDraw('t1', 'i1')).toBe(samplingDraw('t1', 'i1'));
    expect(samplingDraw('t1', 'i1')).not.toBe(samplingDraw('t2', 'i1'));
    let invited = 0;
    for (let n = 0; n < 10_000; n += 1) if (isSampledIn('trigger', `interaction-${n}`, 0.3)) invited += 1;
    expect(invited).toBeGreaterThan(2800);
    expect(invited).toBeLessThan(3200);
    expect(isSampledIn('t', 'i', 1)).toBe(true);
    expect(isSampledIn('t', 'i', 0)).toBe(false);
  });
});
