/** Date and time formats used on the wire. */
import { z } from 'zod';

/** An ISO 8601 / RFC 3339 instant with `Z` or an explicit offset, for example `2024-05-01T08:30:00Z`. */
export const DateTimeSchema = z
  .string()
  .datetime({ offset: true, message: 'Expected an ISO 8601 date and time with `Z` or an offset.' })
  .describe('An ISO 8601 date and time with `Z` or an offset, for example `2024-05-01T08:30:00.000Z`.');
export type DateTime = z.infer<typeof DateTimeSchema>;

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
export const CalendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD.')
  .refine(isExistingDate, 'Expected a date that exists in the calendar.')
  .describe('A calendar date, YYYY-MM-DD.');
export type CalendarDate = z.infer<typeof CalendarDateSchema>;

/** A device's local wall-clock time without offset, `YYYY-MM-DDThh:mm:ss` (Tidepool `deviceTime`). */
export const LocalDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'Expected a local time as YYYY-MM-DDThh:mm:ss.')
  .describe('A local wall-clock time without offset, YYYY-MM-DDThh:mm:ss.');

/** An IANA time zone name such as `Europe/Paris`, `America/Argentina/Buenos_Aires` or `UTC`. */
export const TimeZoneNameSchema = z
  .string()
  .max(64)
  .regex(
    /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/,
    'Expected an IANA time zone name, for example `Europe/Paris`.',
  )
  .describe('An IANA time zone name.');

function isExistingDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
