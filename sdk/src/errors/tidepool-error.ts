/** The SDK's typed errors: one base class and a subclass per kind of failure a caller decides on. */
import type { FieldError, Problem, ProblemCode } from '@tidepool/spec';

/** Codes the SDK gives to failures that never produced an HTTP answer, or produced a strange one. */
export type ClientErrorCode = 'CONNECTION_FAILED' | 'TIMEOUT' | 'ABORTED' | 'UNEXPECTED_RESPONSE';

/** Every `code` a {@link TidepoolError} can carry: the platform's problem codes and the SDK's own. */
export type TidepoolErrorCode = ProblemCode | ClientErrorCode;

/** What an error is made from; `status` is 0 when no HTTP answer arrived. */
export interface TidepoolErrorInit {
  readonly status: number;
  readonly code: TidepoolErrorCode;
  readonly message: string;
  readonly requestId?: string | undefined;
  /** The answer's body when it was a valid RFC 9457 problem. */
  readonly problem?: Problem | undefined;
  /** The answer's body as received (parsed JSON or text), problem or not. */
  readonly body?: unknown;
  readonly headers?: Headers | undefined;
  readonly cause?: unknown;
}

/**
 * Base class of every error the SDK throws for a failed call, so that one `instanceof`
 * catches them all and a subclass check picks out the case at hand.
 *
 * @example
 * try {
 *   await client.data.query(userId, { type: 'cbg' });
 * } catch (error) {
 *   if (error instanceof NotFoundError) return [];
 *   if (error instanceof TidepoolError) console.error(error.code, error.requestId);
 *   throw error;
 * }
 */
export class TidepoolError extends Error {
  override name = 'TidepoolError';
  /** HTTP status of the answer; 0 when none arrived (network failure, timeout, abort). */
  readonly status: number;
  readonly code: TidepoolErrorCode;
  /** The `X-Request-Id` of the failed request: quote it when asking for help. */
  readonly requestId: string | undefined;
  readonly problem: Problem | undefined;
  readonly body: unknown;
  readonly headers: Headers | undefined;

  constructor(init: TidepoolErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    // Keeps `instanceof` right when a consumer's toolchain compiles classes down to functions.
    Object.setPrototypeOf(this, new.target.prototype);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.problem = init.problem;
    this.body = init.body;
    this.headers = init.headers;
  }
}

/** 400 and other client mistakes: the request was malformed or failed validation. */
export class BadRequestError extends TidepoolError {
  override name = 'BadRequestError';
  /** Each invalid field, when the server named them (empty otherwise). */
  readonly errors: readonly FieldError[];

  constructor(init: TidepoolErrorInit & { readonly errors?: readonly FieldError[] | undefined }) {
    super(init);
    this.errors = init.errors ?? init.problem?.errors ?? [];
  }
}

/** 401: no session, an expired one, or wrong credentials. */
export class UnauthorizedError extends TidepoolError {
  override name = 'UnauthorizedError';
}

/** 403: the session is valid but lacks the permission (DESIGN.md §9, permission rules). */
export class ForbiddenError extends TidepoolError {
  override name = 'ForbiddenError';
}

/** 404 or 410: the thing asked for does not exist, or is not visible to this session. */
export class NotFoundError extends TidepoolError {
  override name = 'NotFoundError';
}

/** 409: the request clashes with the current state (a taken username or email, for example). */
export class ConflictError extends TidepoolError {
  override name = 'ConflictError';
}

/** 429: too many requests; wait `retryAfterSeconds` (when the server said) before trying again. */
export class RateLimitedError extends TidepoolError {
  override name = 'RateLimitedError';
  readonly retryAfterSeconds: number | undefined;

  constructor(init: TidepoolErrorInit & { readonly retryAfterSeconds?: number | undefined }) {
    super(init);
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** 5xx: the platform failed; idempotent calls have already been retried when that was safe. */
export class ServerError extends TidepoolError {
  override name = 'ServerError';
}

/** No HTTP answer: the network failed, the call timed out, or the caller aborted it (status 0). */
export class ConnectionError extends TidepoolError {
  override name = 'ConnectionError';
}

/** The call took longer than its `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
}
