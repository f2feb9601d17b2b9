import { describe, expect, it } from 'vitest';
import {
  formatLocalDateTime,
  localTimeToInstant,
  offsetMinutesAt,
  parseLocalDateTime,
  resolveTimeZone,
  wallClockMs,
} from './time-zone.js';

const wall = (text: string) => {
  const value = parseLocalDateTime(text);
  if (value === undefined) throw new Error(`bad test time ${text}`);
  return value;
};
const iso = (instantMs: number) => new Date(instantMs).toISOString();

describe('time zones', () => {
  it('gives the offset east of UTC in winter and in summer', () => {
    expect(offsetMinutesAt('Europe/Paris', Date.parse('2024-01-15T12:00:00Z'))).toBe(60);
    expect(offsetMinutesAt('Europe/Paris', Date.parse('2024-07-15T12:00:00Z'))).toBe(120);
    expect(offsetMinutesAt('America/New_York', Date.parse('2024-07-15T12:00:00Z'))).toBe(-240);
    expect(offsetMinutesAt('Asia/Kolkata', Date.parse('2024-07-15T12:00:00Z'))).toBe(330);
  });

  it('maps an ordinary local time to one instant', () => {
    const resolved = localTimeToInstant(wall('2024-07-15T08:30:00'), 'Europe/Paris');
    expect(resolved).toEqual({
      instantMs: Date.parse('2024-07-15T06:30:00Z'),
      offsetMinutes: 120,
      kind: 'exact',
    });
  });

  it('moves a time the spring-forward gap skips forward by the gap', () => {
    // Paris went from 02:00 to 03:00 on 31 March 2024: 02:30 never showed, 03:30 CEST did.
    const resolved = localTimeToInstant(wall('2024-03-31T02:30:00'), 'Europe/Paris');
    expect(resolved.kind).toBe('skipped');
    expect(iso(resolved.instantMs)).toBe('2024-03-31T01:30:00.000Z');
    expect(resolved.offsetMinutes).toBe(120);
  });

  it('takes the earlier pass of the repeated hour unless an expected instant says otherwise', () => {
    // New York went from 02:00 EDT back to 01:00 EST on 3 November 2024: 01:30 showed twice.
    const time = wall('2024-11-03T01:30:00');
    const first = localTimeToInstant(time, 'America/New_York');
    expect(first.kind).toBe('ambiguous');
    expect(iso(first.instantMs)).toBe('2024-11-03T05:30:00.000Z');
    expect(first.offsetMinutes).toBe(-240);
    const second = localTimeToInstant(time, 'America/New_York', Date.parse('2024-11-03T06:29:00Z'));
    expect(iso(second.instantMs)).toBe('2024-11-03T06:30:00.000Z');
    expect(second.offsetMinutes).toBe(-300);
  });

  it('handles the southern hemisphere, where clocks go back in April', () => {
    const resolved = localTimeToInstant(wall('2024-04-07T02:30:00'), 'Australia/Sydney');
    expect(resolved.kind).toBe('ambiguous');
    expect(resolved.offsetMinutes).toBe(660);
    expect(localTimeToInstant(wall('2024-04-08T02:30:00'), 'Australia/Sydney').offsetMinutes).toBe(600);
  });

  it('round-trips wall-clock times through instants', () => {
    const instant = Date.parse('2024-10-27T00:59:59Z');
    expect(formatLocalDateTime(wallClockMs('Europe/Paris', instant))).toBe('2024-10-27T02:59:59');
  });

  it('parses local times with T or a space and refuses dates that do not exist', () => {
    expect(parseLocalDateTime('2024-02-29 23:59:59')).toBe(Date.parse('2024-02-29T23:59:59Z'));
    expect(parseLocalDateTime('2023-02-29T10:00:00')).toBeUndefined();
    expect(parseLocalDateTime('2024-01-01T24:00:00')).toBeUndefined();
    expect(parseLocalDateTime('01/02/2024 10:00')).toBeUndefined();
  });

  it('canonicalises zone names and refuses unknown ones', () => {
    expect(resolveTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(typeof resolveTimeZone()).toBe('string');
    expect(() => resolveTimeZone('Mars/Olympus_Mons')).toThrow(/Unknown time zone "Mars\/Olympus_Mons"/);
  });
});
