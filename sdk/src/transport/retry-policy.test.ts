import { describe, expect, it } from 'vitest';
import { retryAfterMilliseconds } from './retry-after.js';
import {
  isIdempotent,
  isRetryableFailure,
  isRetryableStatus,
  retryDelay,
  wasConnectionRefused,
} from './retry-policy.js';

const options = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
const refused = new TypeError('fetch failed', {
  cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
});
const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });

describe('retry policy', () => {
  it('takes the idempotent methods, and a POST or PATCH only when its route says so', () => {
    for (const method of ['GET', 'head', 'PUT', 'DELETE', 'OPTIONS'])
      expect(isIdempotent(method), method).toBe(true);
    expect(isIdempotent('POST')).toBe(false);
    expect(isIdempotent('POST', { internal: false, auth: 'user' })).toBe(false);
    expect(isIdempotent('POST', { internal: false, auth: 'user', idempotent: true })).toBe(true);
    expect(isIdempotent('PATCH', { idempotent: 'yes' })).toBe(false);
    expect(isIdempotent('POST', null)).toBe(false);
  });

  it('retries idempotent requests on 429, 502, 503 and 504 only', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryableStatus(true, status)).toBe(true);
    for (const status of [400, 401, 404, 409, 500, 501]) expect(isRetryableStatus(true, status)).toBe(false);
    expect(isRetryableStatus(false, 503)).toBe(false);
  });

  it('retries others only when the connection was refused', () => {
    expect(isRetryableFailure(false, 'network', refused)).toBe(true);
    expect(isRetryableFailure(false, 'network', reset)).toBe(false);
    expect(isRetryableFailure(false, 'timeout', refused)).toBe(false);
    expect(isRetryableFailure(true, 'network', reset)).toBe(true);
    expect(isRetryableFailure(true, 'timeout', undefined)).toBe(true);
  });

  it('recognises a refusal reported for every address of a host', () => {
    const errors = [
      Object.assign(new Error('a'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('b'), { code: 'ECONNREFUSED' }),
    ];
    expect(wasConnectionRefused(new TypeError('fetch failed', { cause: new AggregateError(errors) }))).toBe(
      true,
    );
    const mixed = [errors[0], Object.assign(new Error('c'), { code: 'ETIMEDOUT' })];
    expect(wasConnectionRefused(new TypeError('fetch failed', { cause: new AggregateError(mixed) }))).toBe(
      false,
    );
    expect(wasConnectionRefused(new TypeError('Failed to fetch'))).toBe(false);
  });

  it('draws full-jitter delays under a doubling ceiling capped at maxDelayMs', () => {
    expect(retryDelay(1, options, undefined, () => 0.999)).toBe(99);
    expect(retryDelay(3, options, undefined, () => 0.5)).toBe(200);
    expect(retryDelay(10, options, undefined, () => 0.999)).toBe(999);
    expect(retryDelay(2, options, undefined, () => 0)).toBe(0);
  });

  it('waits at least as long as Retry-After asks, and gives up when it asks for more than maxDelayMs', () => {
    expect(retryDelay(1, options, 700, () => 0.5)).toBe(700);
    expect(retryDelay(1, options, 5000, () => 0.5)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date and ignores anything else', () => {
    const now = Date.parse('2024-05-01T08:00:00Z');
    expect(retryAfterMilliseconds('3', now)).toBe(3000);
    expect(retryAfterMilliseconds('Wed, 01 May 2024 08:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMilliseconds('Tue, 30 Apr 2024 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMilliseconds('-1', now)).toBeUndefined();
    expect(retryAfterMilliseconds('1.5', now)).toBeUndefined();
    expect(retryAfterMilliseconds('soon', now)).toBeUndefined();
    expect(retryAfterMilliseconds(null, now)).toBeUndefined();
  });
});
