import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_STATUS, ProblemSchema } from '@tidepool/spec';

describe('problem details', () => {
  it('maps every code to a 4xx or 5xx status', () => {
    for (const code of PROBLEM_CODES) expect(PROBLEM_STATUS[code]).toBeGreaterThanOrEqual(400);
  });
  it('refuses a problem without a code', () => {
    expect(
      ProblemSchema.safeParse({ type: 'about:blank', title: 'x', status: 400, requestId: 'r' }).success,
    ).toBe(false);
  });
});
