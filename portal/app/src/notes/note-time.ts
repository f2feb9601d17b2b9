/** Moments of notes: the value of a `datetime-local` field and back, and the way a note's time is written. */

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** An instant as the value of a `datetime-local` input, in the browser's time zone, to the minute. */
export function toLocalInputValue(instant: Date): string {
  return (
    `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}` +
    `T${pad(instant.getHours())}:${pad(instant.getMinutes())}`
  );
}

/**
 * The ISO 8601 instant of a `datetime-local` value (read in the browser's time zone), or
 * undefined when the value is empty or not a date.
 *
 * @example fromLocalInputValue('2024-05-01T08:30') // '2024-05-01T06:30:00.000Z' in Paris
 */
export function fromLocalInputValue(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** A note's moment for people: `1 May 2024, 08:30`. */
export function formatNoteTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
