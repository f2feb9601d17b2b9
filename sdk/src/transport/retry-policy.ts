/** When a failed attempt may be sent again, and how long to wait first (exponential back-off, full jitter). */

/** How the SDK retries; every field has a default (see {@link DEFAULT_RETRY}). */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. */
  readonly maxAttempts: number;
  /** The back-off ceiling of the first retry; it doubles with each further retry. */
  readonly baseDelayMs: number;
  /** No wait is longer: a server that asks (Retry-After) for more ends the retries. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 };

/**
 * Methods whose repetition has the effect of one request (RFC 9110 §9.2.2): safe to send again
 * whenever an attempt failed without an answer we can trust.
 */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Statuses that say "try again later", not "this request is wrong". */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Whether sending the request again has the effect of sending it once: by its method, or
 * because its route's metadata in the contract says `idempotent` (a POST the service
 * deduplicates, such as a data upload).
 */
export function isIdempotent(method: string, routeMetadata?: unknown): boolean {
  if (IDEMPOTENT_METHODS.has(method.toUpperCase())) return true;
  return isObject(routeMetadata) && routeMetadata.idempotent === true;
}

/** Whether an answer with this status may be retried; only idempotent requests are. */
export function isRetryableStatus(idempotent: boolean, status: number): boolean {
  return idempotent && RETRYABLE_STATUSES.has(status);
}

/**
 * Whether a request that got no answer may be retried. Idempotent requests may, after any
 * network failure or timeout. Others (POST) only when the connection was refused: then the
 * server surely never saw the request, whereas after a reset or a timeout it may have stored
 * it already, and a second note would duplicate a medical record.
 */
export function isRetryableFailure(
  idempotent: boolean,
  kind: 'timeout' | 'network',
  cause: unknown,
): boolean {
  if (idempotent) return true;
  return kind === 'network' && wasConnectionRefused(cause);
}

/**
 * Node's fetch (undici) rejects with `TypeError('fetch failed')` whose `cause` carries the socket
 * error's code; when a host name has several addresses the cause is an AggregateError of one
 * error per address. Browsers give no detail, so there a POST is never retried.
 */
export function wasConnectionRefused(error: unknown): boolean {
  const cause = isObject(error) ? error.cause : undefined;
  if (!isObject(cause)) return false;
  if (cause.code === 'ECONNREFUSED') return true;
  const errors: unknown = cause.errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((inner: unknown) => isObject(inner) && inner.code === 'ECONNREFUSED')
  );
}

/**
 * Milliseconds to wait before retry number `retry` (1 for the first retry), or undefined when
 * the server asked for a longer pause than `maxDelayMs`: then the caller gets the error (a
 * {@link RateLimitedError} carries `retryAfterSeconds`) instead of a long silent wait.
 *
 * Without Retry-After: "full jitter", a uniform draw in [0, min(max, base × 2^(retry-1))], which
 * spreads clients that failed together (AWS Architecture Blog, "Exponential Backoff And Jitter").
 * With it: never sooner than the server asked.
 */
export function retryDelay(
  retry: number,
  options: RetryOptions,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  if (retryAfterMs === undefined) return jittered;
  if (retryAfterMs > options.maxDelayMs) return undefined;
  return Math.max(retryAfterMs, jittered);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
