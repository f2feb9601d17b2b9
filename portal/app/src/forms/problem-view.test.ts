import {
  BadRequestError,
  ConnectionError,
  ConflictError,
  RateLimitedError,
  TimeoutError,
} from '@tidepool/sdk';
import { describe, expect, it } from 'vitest';
import type { Problem, ProblemCode } from '@tidepool/sdk';
import { describeProblem } from './problem-view.js';

const problem = (status: number, code: ProblemCode, title: string, detail?: string): Problem => ({
  type: 'about:blank',
  title,
  status,
  code,
  requestId: 'req-1',
  ...(detail === undefined ? {} : { detail }),
});

describe('describeProblem', () => {
  it('shows the problem’s title and detail with the request id', () => {
    const error = new ConflictError({
      status: 409,
      code: 'CONFLICT',
      message: 'That email address belongs to another account.',
      requestId: 'req-1',
      problem: problem(409, 'CONFLICT', 'Conflict', 'That email address belongs to another account.'),
    });
    expect(describeProblem(error)).toEqual({
      title: 'Conflict',
      detail: 'That email address belongs to another account.',
      fields: {},
      requestId: 'req-1',
    });
  });

  it('puts each field error under the form field it belongs to, by the names given', () => {
    const error = new BadRequestError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      problem: problem(400, 'VALIDATION_FAILED', 'Validation failed'),
      errors: [
        { location: 'body', path: 'emails.0', message: 'Invalid email' },
        { location: 'body', path: 'password', message: 'A password has at least 8 characters.' },
        { location: 'body', path: 'emails.1', message: 'second message is not shown' },
      ],
    });
    expect(describeProblem(error, { emails: 'email' }).fields).toEqual({
      email: 'Invalid email',
      password: 'A password has at least 8 characters.',
    });
  });

  it('says how long to wait when rate limited', () => {
    const error = new RateLimitedError({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Too many attempts.',
      problem: problem(429, 'RATE_LIMITED', 'Too many requests', 'Too many attempts.'),
      retryAfterSeconds: 30,
    });
    expect(describeProblem(error).detail).toBe('Too many attempts. Try again in 30 seconds.');
  });

  it('tells a missing answer and a slow one apart in words a person can act on', () => {
    expect(
      describeProblem(new ConnectionError({ status: 0, code: 'CONNECTION_FAILED', message: 'x' })).title,
    ).toBe('Could not reach the platform');
    expect(describeProblem(new TimeoutError({ status: 0, code: 'TIMEOUT', message: 'x' })).title).toBe(
      'The platform took too long to answer',
    );
  });

  it('describes an unexpected error by its message', () => {
    expect(describeProblem(new Error('boom'))).toEqual({
      title: 'Something went wrong',
      detail: 'boom',
      fields: {},
    });
  });
});
