/** Reads the Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP date. */

/**
 * How many milliseconds the server asked us to wait, or undefined when the header is absent or
 * unreadable. A date in the past means "now" (0).
 *
 * @example
 * retryAfterMilliseconds('120', Date.now()); // 120_000
 * retryAfterMilliseconds('Wed, 21 Oct 2015 07:28:00 GMT', Date.now()); // 0, that date is past
 */
export function retryAfterMilliseconds(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  // delay-seconds = 1*DIGIT (RFC 9110 §10.2.3): no sign, no fraction.
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP-date (RFC 9110 §5.6.7): IMF-fixdate and the two obsolete forms all parse with Date.parse.
  if (!/[A-Za-z]/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The same delay in whole seconds (rounded up), as {@link RateLimitedError} reports it. */
export function retryAfterSeconds(value: string | null, now: number): number | undefined {
  const milliseconds = retryAfterMilliseconds(value, now);
  return milliseconds === undefined ? undefined : Math.ceil(milliseconds / 1000);
}
