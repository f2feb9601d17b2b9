import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayEnd, dayOf, dayStart, formatTimeOfDay, isDayKey } from './local-day.js';

describe('local days', () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    // A zone with daylight saving time, so that the 23- and 25-hour days are checked.
    process.env.TZ = 'Europe/Paris';
  });
  // The unit files after this one run in the same process (vitest.config.ts).
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('starts a day at local midnight and ends it at the next one', () => {
    expect(dayStart('2024-05-01').toISOString()).toBe('2024-04-30T22:00:00.000Z');
    expect(dayEnd('2024-05-01').toISOString()).toBe('2024-05-01T22:00:00.000Z');
  });

  it('makes the day clocks go forward 23 hours long and the day they go back 25', () => {
    const hours = (day: string) => (dayEnd(day).getTime() - dayStart(day).getTime()) / 3_600_000;
    expect(hours('2024-03-31')).toBe(23);
    expect(hours('2024-10-27')).toBe(25);
    expect(hours('2024-06-01')).toBe(24);
  });

  it('counts days by the calendar across months, years and clock changes', () => {
    expect(addDays('2024-03-30', 1)).toBe('2024-03-31');
    expect(addDays('2024-03-31', 1)).toBe('2024-04-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-05-14', -13)).toBe('2024-05-01');
  });

  it('names the local day of an instant', () => {
    expect(dayOf(new Date('2024-05-01T22:30:00Z'))).toBe('2024-05-02');
  });

  it('writes a time of day in the given language', () => {
    const time = new Date(2024, 4, 1, 8, 5).getTime();
    expect(formatTimeOfDay(time, 'en-GB')).toBe('08:05');
    expect(formatTimeOfDay(time, 'en-US')).toBe('08:05 AM');
    expect(formatTimeOfDay(new Date(2024, 4, 1, 0, 0).getTime(), 'en-GB')).toBe('00:00');
  });

  it('accepts real calendar days only', () => {
    expect(isDayKey('2024-02-29')).toBe(true);
    expect(isDayKey('2023-02-29')).toBe(false);
    expect(isDayKey('2024-5-1')).toBe(false);
    expect(isDayKey('yesterday')).toBe(false);
  });
});
