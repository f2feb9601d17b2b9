import { describe, expect, it } from 'vitest';
import { RetryBudget } from './retry-budget.js';

describe('the retry budget', () => {
  it('allows retries up to the ratio of requests plus the minimum', () => {
    const budget = new RetryBudget({ ratio: 0.2, minimumPerSecond: 0.1, windowSeconds: 10 });
    const now = 1_000_000;
    for (let index = 0; index < 50; index += 1) budget.recordRequest(now);

    const allowed = Array.from({ length: 20 }, () => budget.tryRetry(now)).filter(Boolean).length;

    // 0.2 × 50 + 0.1 × 10 = 11
    expect(allowed).toBe(11);
  });

  it('forgets what left the window', () => {
    const budget = new RetryBudget({ ratio: 0, minimumPerSecond: 0.1, windowSeconds: 10 });
    const start = 2_000_000;

    expect(budget.tryRetry(start)).toBe(true);
    expect(budget.tryRetry(start + 5_000)).toBe(false);
    expect(budget.tryRetry(start + 10_000)).toBe(true);
  });
});
