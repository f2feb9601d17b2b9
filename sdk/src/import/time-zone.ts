/** Wall-clock times of an IANA time zone turned into UTC instants with the Intl API, daylight saving included. */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** How a wall-clock time maps to instants: once, twice (the hour repeated when clocks go back), or never. */
export type LocalTimeKind = 'exact' | 'ambiguous' | 'skipped';

/** The instant a wall-clock time stands for, and the zone's offset from UTC then. */
export interface ResolvedLocalTime {
  readonly instantMs: number;
  /** Minutes east of UTC at that instant (Tidepool `timezoneOffset`): 120 for Paris in summer. */
  readonly offsetMinutes: number;
  readonly kind: LocalTimeKind;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // h23: some engines write midnight as 24 with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The canonical name of an IANA time zone (`europe/paris` → `Europe/Paris`); without a name,
 * the runtime's own zone (UTC when the runtime knows none).
 *
 * @throws RangeError naming the zone when the runtime does not know it.
 */
export function resolveTimeZone(name?: string): string {
  if (name === undefined) return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  try {
    return formatterFor(name).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(`Unknown time zone "${name}": expected an IANA name such as Europe/Paris.`);
  }
}

/** A time zone's offset from UTC, in minutes east, at an instant. */
export function offsetMinutesAt(timeZone: string, instantMs: number): number {
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  return Math.round((wallClockMs(timeZone, wholeSecondMs) - wholeSecondMs) / MINUTE_MS);
}

/** The wall-clock time of a zone at an instant, written as if it were UTC milliseconds. */
export function wallClockMs(timeZone: string, instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const field = (name: string) => fields[name] ?? 0;
  const year = field('year');
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(
    Date.UTC(2000, field('month') - 1, field('day'), field('hour'), field('minute'), field('second')),
  );
  date.setUTCFullYear(year);
  return date.getTime();
}

/** Per zone and day: the offset when it is the same from the day before to the day after, else null. */
const steadyOffsets = new Map<string, number | null>();

/**
 * The zone's offset around a wall-clock day when no transition is near (the common case), so
 * that a file of readings costs two Intl calls per day, not several per reading. Offsets never
 * change twice within three days, so equal offsets at both ends mean none in between.
 */
function steadyOffset(timeZone: string, wallMs: number): number | undefined {
  const day = Math.floor(wallMs / DAY_MS);
  const key = `${timeZone} ${day}`;
  let offset = steadyOffsets.get(key);
  if (offset === undefined) {
    const before = offsetMinutesAt(timeZone, (day - 1) * DAY_MS);
    offset = before === offsetMinutesAt(timeZone, (day + 2) * DAY_MS) ? before : null;
    if (steadyOffsets.size >= 100_000) steadyOffsets.clear();
    steadyOffsets.set(key, offset);
  }
  return offset ?? undefined;
}

/**
 * The instant a zone's wall-clock time stands for. `wallMs` is the wall-clock time written as
 * if it were UTC (`Date.UTC(2024, 9, 27, 2, 30)` for 02:30 on 27 October 2024).
 *
 * - Twice-shown times (clocks going back) take the instant nearest `expectedMs` when given,
 *   else the earlier one, as Temporal's `compatible` disambiguation does.
 * - Never-shown times (clocks going forward) move forward by the gap, as `compatible` does:
 *   02:30 on a night Paris skips from 02:00 to 03:00 becomes 03:30.
 */
export function localTimeToInstant(wallMs: number, timeZone: string, expectedMs?: number): ResolvedLocalTime {
  // Offsets a day either side bracket any transition near the time (zones change offset at most
  // once a day), and the instant for an offset is right only if the zone has that offset then.
  const steady = steadyOffset(timeZone, wallMs);
  if (steady !== undefined)
    return { instantMs: wallMs - steady * MINUTE_MS, offsetMinutes: steady, kind: 'exact' };
  const offsetBefore = offsetMinutesAt(timeZone, wallMs - DAY_MS);
  const offsetAfter = offsetMinutesAt(timeZone, wallMs + DAY_MS);
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => wallMs - offset * MINUTE_MS)
    .filter((instant) => wallClockMs(timeZone, instant) === wallMs)
    .sort((first, second) => first - second);
  const [earlier, later] = candidates;
  if (earlier === undefined) {
    const instantMs = wallMs - offsetBefore * MINUTE_MS;
    return { instantMs, offsetMinutes: offsetMinutesAt(timeZone, instantMs), kind: 'skipped' };
  }
  if (later === undefined)
    return { instantMs: earlier, offsetMinutes: offsetMinutesAt(timeZone, earlier), kind: 'exact' };
  const instantMs =
    expectedMs !== undefined && Math.abs(later - expectedMs) < Math.abs(earlier - expectedMs)
      ? later
      : earlier;
  return { instantMs, offsetMinutes: offsetMinutesAt(timeZone, instantMs), kind: 'ambiguous' };
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})$/;

/**
 * A local date and time `YYYY-MM-DDThh:mm:ss` (a space instead of `T` too) as wall-clock
 * milliseconds, or undefined when it is malformed or names no real date (31 February).
 */
export function parseLocalDateTime(text: string): number | undefined {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.getTime();
}

/** Wall-clock milliseconds written as Tidepool `deviceTime`: `YYYY-MM-DDThh:mm:ss`. */
export function formatLocalDateTime(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}
