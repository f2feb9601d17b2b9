/** Small factories for the problems handlers throw most, in the style of Medplum's outcomes. */
import type { FieldError } from '@tidepool/spec';
import { ProblemError, type ProblemErrorOptions } from './problem-error.js';

type Options = Omit<ProblemErrorOptions, 'errors' | 'retryAfterSeconds'>;

/** 400: the request is malformed in a way no single field explains. */
export function badRequest(detail = 'The request is malformed.', options?: Options): ProblemError {
  return new ProblemError('BAD_REQUEST', detail, options);
}

/**
 * 400: fields failed validation; `errors` names each one.
 *
 * @example throw validationFailed([{ location: 'body', path: 'emails.0', message: 'Invalid email' }]);
 */
export function validationFailed(
  errors: readonly FieldError[],
  detail = 'The request failed validation.',
): ProblemError {
  return new ProblemError('VALIDATION_FAILED', detail, { errors });
}

/** 401: no valid credentials. */
export function unauthorized(detail = 'Valid credentials are required.', options?: Options): ProblemError {
  return new ProblemError('UNAUTHORIZED', detail, options);
}

/** 403: the caller is known but may not do this. */
export function forbidden(detail = 'You may not do this.', options?: Options): ProblemError {
  return new ProblemError('FORBIDDEN', detail, options);
}

/** 404: no such resource, or the caller may not know that it exists. */
export function notFound(detail = 'There is no such resource.', options?: Options): ProblemError {
  return new ProblemError('NOT_FOUND', detail, options);
}

/** 409: the request conflicts with the current state (a taken username, for example). */
export function conflict(
  detail = 'The request conflicts with the current state.',
  options?: Options,
): ProblemError {
  return new ProblemError('CONFLICT', detail, options);
}

/** 413: the body is larger than the service accepts. */
export function payloadTooLarge(detail = 'The request body is too large.', options?: Options): ProblemError {
  return new ProblemError('PAYLOAD_TOO_LARGE', detail, options);
}

/** 415: the body is not in a media type the route accepts. */
export function unsupportedMediaType(
  detail = 'The request body must be application/json.',
  options?: Options,
): ProblemError {
  return new ProblemError('UNSUPPORTED_MEDIA_TYPE', detail, options);
}

/** 429: too many requests; the client should wait `retryAfterSeconds`. */
export function rateLimited(
  retryAfterSeconds: number,
  detail = 'Too many requests; try again later.',
  options?: Options,
): ProblemError {
  return new ProblemError('RATE_LIMITED', detail, { ...options, retryAfterSeconds });
}

/** 500: the server failed. The cause is logged, never sent. */
export function internalError(cause?: unknown, detail = 'The server failed to answer.'): ProblemError {
  return new ProblemError('INTERNAL', detail, { cause });
}

/** How long a client is told to wait after a 503 when the caller gives no better estimate. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/**
 * 503: a dependency is unavailable or the service is draining. Always sent with `Retry-After`
 * (RFC 9110 §10.2.3): these are passing states, and clients should come back rather than give up.
 */
export function serviceUnavailable(
  detail = 'The service is unavailable; try again later.',
  options: Options & { readonly retryAfterSeconds?: number } = {},
): ProblemError {
  return new ProblemError('SERVICE_UNAVAILABLE', detail, {
    ...options,
    retryAfterSeconds: options.retryAfterSeconds ?? SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
  });
}
