import { describe, expect, it } from 'vitest';
import { expectInstance } from '../../test/expect-instance.js';
import { errorFromResponse } from './error-from-response.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TidepoolError,
  UnauthorizedError,
} from './tidepool-error.js';

const now = Date.parse('2024-05-01T08:00:00Z');

function problemBody(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: 'about:blank', title: `Title ${code}`, status, code, requestId: 'req-7', ...extra };
}

function failed(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, statusText: '', headers: new Headers(headers), body };
}

describe('errorFromResponse', () => {
  it.each([
    [400, 'VALIDATION_FAILED', BadRequestError],
    [401, 'UNAUTHORIZED', UnauthorizedError],
    [403, 'FORBIDDEN', ForbiddenError],
    [404, 'NOT_FOUND', NotFoundError],
    [409, 'CONFLICT', ConflictError],
    [429, 'RATE_LIMITED', RateLimitedError],
    [500, 'INTERNAL', ServerError],
    [503, 'SERVICE_UNAVAILABLE', ServerError],
  ] as const)('maps a %i problem to %s with its code', (status, code, expectedClass) => {
    const error = errorFromResponse(failed(status, problemBody(status, code)), now);
    expect(error).toBeInstanceOf(expectedClass);
    expect(error).toBeInstanceOf(TidepoolError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe('req-7');
    expect(error.problem?.code).toBe(code);
  });

  it('takes the message from detail, then title', () => {
    expect(
      errorFromResponse(failed(404, problemBody(404, 'NOT_FOUND', { detail: 'No such user.' }))).message,
    ).toBe('No such user.');
    expect(errorFromResponse(failed(404, problemBody(404, 'NOT_FOUND'))).message).toBe('Title NOT_FOUND');
  });

  it('keeps the invalid fields of a validation problem', () => {
    const errors = [{ location: 'body', path: 'emails.0', message: 'Invalid email' }];
    const error = errorFromResponse(failed(400, problemBody(400, 'VALIDATION_FAILED', { errors })));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(expectInstance(error, BadRequestError).errors).toEqual(errors);
  });

  it('gives the right class and a status code to a body that is no problem', () => {
    const error = errorFromResponse(
      {
        status: 502,
        statusText: 'Bad Gateway',
        headers: new Headers({ 'x-request-id': 'from-header' }),
        body: '<html>',
      },
      now,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe('BAD_GATEWAY');
    expect(error.message).toBe('HTTP 502 Bad Gateway');
    expect(error.requestId).toBe('from-header');
    expect(error.problem).toBeUndefined();
    expect(error.body).toBe('<html>');
  });

  it('reads the reason of a legacy Tidepool error body', () => {
    const error = errorFromResponse(failed(403, { code: 403, reason: 'Unauthorized access' }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Unauthorized access');
  });

  it('maps statuses without a class of their own by their range', () => {
    expect(errorFromResponse(failed(413, undefined))).toBeInstanceOf(BadRequestError);
    expect(errorFromResponse(failed(413, undefined)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(errorFromResponse(failed(418, undefined)).code).toBe('BAD_REQUEST');
    expect(errorFromResponse(failed(410, undefined))).toBeInstanceOf(NotFoundError);
    expect(errorFromResponse(failed(599, undefined)).code).toBe('INTERNAL');
    const odd = errorFromResponse(failed(302, undefined));
    expect(odd.constructor).toBe(TidepoolError);
    expect(odd.code).toBe('UNEXPECTED_RESPONSE');
  });

  it('keeps field errors of a problem whose code this SDK does not know', () => {
    const body = problemBody(400, 'SOMETHING_NEW', {
      errors: [{ location: 'query', path: 'type', message: 'x' }],
    });
    const error = errorFromResponse(failed(400, body));
    expect(error.code).toBe('BAD_REQUEST');
    expect(expectInstance(error, BadRequestError).errors).toEqual([
      { location: 'query', path: 'type', message: 'x' },
    ]);
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    const inSeconds = errorFromResponse(
      failed(429, problemBody(429, 'RATE_LIMITED'), { 'retry-after': '7' }),
      now,
    );
    expect(expectInstance(inSeconds, RateLimitedError).retryAfterSeconds).toBe(7);
    const date = new Date(now + 90_000).toUTCString();
    const asDate = errorFromResponse(failed(429, undefined, { 'retry-after': date }), now);
    expect(expectInstance(asDate, RateLimitedError).retryAfterSeconds).toBe(90);
    expect(
      expectInstance(errorFromResponse(failed(429, undefined), now), RateLimitedError).retryAfterSeconds,
    ).toBeUndefined();
  });

  it('names each error class', () => {
    expect(errorFromResponse(failed(404, undefined)).name).toBe('NotFoundError');
    expect(String(errorFromResponse(failed(409, undefined)))).toBe('ConflictError: HTTP 409');
  });
});
