import { describe, expect, it } from 'vitest';
import { RestartBackoff, restartDelay } from './restart-backoff.js';

const options = { initialMilliseconds: 100, maximumMilliseconds: 1000, stableRunMilliseconds: 5000 };

describe('restart back-off', () => {
  it('doubles the wait with each crash in a row, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((crashes) => restartDelay(crashes, options))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('stays finite after a very long run of crashes', () => {
    expect(restartDelay(10_000, options)).toBe(1000);
  });

  it('waits longer for each quick crash and starts over after a stable run', () => {
    const backoff = new RestartBackoff(options);
    expect(backoff.crashed(10)).toBe(100);
    expect(backoff.crashed(10)).toBe(200);
    expect(backoff.crashed(10)).toBe(400);
    expect(backoff.crashes).toBe(3);
    expect(backoff.crashed(6000)).toBe(100);
    expect(backoff.crashes).toBe(1);
  });

  it('forgets the crashes when reset', () => {
    const backoff = new RestartBackoff(options);
    backoff.crashed(10);
    backoff.crashed(10);
    backoff.reset();
    expect(backoff.crashed(10)).toBe(100);
  });
});
