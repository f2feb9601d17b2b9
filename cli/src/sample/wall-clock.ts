/** Instants written as a zone's wall-clock time (`YYYY-MM-DDThh:mm:ss`), as a Clarity export shows them. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local date and time of `instantMs` in `timeZone`, `YYYY-MM-DDThh:mm:ss`. */
export function wallClockText(timeZone: string, instantMs: number): string {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) parts[part.type] = part.value;
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}T${parts.hour ?? ''}:${parts.minute ?? ''}:${parts.second ?? ''}`;
}

/** Minutes east of UTC in `timeZone` at `instantMs`. */
export function offsetMinutes(timeZone: string, instantMs: number): number {
  return Math.round((Date.parse(`${wallClockText(timeZone, instantMs)}Z`) - instantMs) / 60_000);
}

/** The instant of local midnight starting `date` (YYYY-MM-DD) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  // Two rounds settle the offset, which may differ between the guess and the answer.
  const guess = wall - offsetMinutes(timeZone, wall) * 60_000;
  return wall - offsetMinutes(timeZone, guess) * 60_000;
}
