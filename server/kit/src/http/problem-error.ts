/** The one error class of the services: a problem with a closed code (STYLE.md point 2, RFC 9457). */
import { STATUS_CODES } from 'node:http';
import { PROBLEM_STATUS, type FieldError, type ProblemCode } from '@tidepool/spec';

/** What a `ProblemError` may carry besides its code and detail. */
export interface ProblemErrorOptions {
  /** Each invalid field, for `VALIDATION_FAILED`. */
  readonly errors?: readonly FieldError[];
  /** The error that caused this one: logged by the error handler, never sent to the client. */
  readonly cause?: unknown;
  /** Sent as `Retry-After` (RFC 9110 §10.2.3), for 429 and 503. */
  readonly retryAfterSeconds?: number;
  /** Extra response headers, for example `WWW-Authenticate`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An error that becomes an `application/problem+json` answer. Throw it from a handler or a
 * middleware; the kit's error handler writes it with the request id. Its status comes from
 * the one table `PROBLEM_STATUS` of `@tidepool/spec`, so a code always means the same status.
 *
 * @example throw new ProblemError('NOT_FOUND', 'No such user.');
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly code: ProblemCode;
  readonly status: number;
  /** The HTTP status phrase; `type` is `about:blank`, so the title is the phrase (RFC 9457 §4.2.1). */
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ProblemCode, detail?: string, options: ProblemErrorOptions = {}) {
    const status = PROBLEM_STATUS[code];
    const title = STATUS_CODES[status] ?? 'Error';
    super(detail ?? title, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
    this.title = title;
    this.detail = detail ?? title;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }
}

/** Whether a value is a `ProblemError`. */
export function isProblemError(value: unknown): value is ProblemError {
  return value instanceof ProblemError;
}
