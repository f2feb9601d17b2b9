/** Calendar days in the browser's time zone: where a day starts and ends, and how it is named. */

/** A calendar day as `YYYY-MM-DD`, in the browser's time zone. */
export type DayKey = string;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The day an instant falls on, in the browser's time zone. */
export function dayOf(instant: Date): DayKey {
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** Whether a string is a `YYYY-MM-DD` day that exists in the calendar. */
export function isDayKey(value: string): value is DayKey {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  return dayOf(dayStart(value)) === value;
}

/** The first instant of a day: local midnight (DST changes make some days 23 or 25 hours long). */
export function dayStart(day: DayKey): Date {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
}

/** The first instant of the day after: the end (exclusive) of a day. */
export function dayEnd(day: DayKey): Date {
  return dayStart(addDays(day, 1));
}

/** The day `count` days after (or before, when negative) another, by the calendar. */
export function addDays(day: DayKey, count: number): DayKey {
  const start = dayStart(day);
  return dayOf(new Date(start.getFullYear(), start.getMonth(), start.getDate() + count));
}

/**
 * A time of day for people, in the browser's zone and language (`08:05`, `08:05 AM`): the day
 * chart's axis and the day's doses write their times alike.
 */
export function formatTimeOfDay(time: number, locale?: string): string {
  return new Date(time).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** A day written for people, in the browser's language: `Tuesday 14 May 2024`. */
export function formatDay(day: DayKey, locale?: string): string {
  return dayStart(day).toLocaleDateString(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}
