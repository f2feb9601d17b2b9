import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createIsoTime } from './iso-time.js';

/** pino's own function, read at a chosen instant. */
function pinoIsoTime(at: number): string {
  const realNow = Date.now;
  Date.now = () => at;
  try {
    return pino.stdTimeFunctions.isoTime();
  } finally {
    Date.now = realNow;
  }
}

/** Reads the time function at each instant in turn and holds it to pino's. */
function expectSameAsPino(instants: readonly number[]): void {
  let at = 0;
  const time = createIsoTime(() => at);
  for (const instant of instants) {
    at = instant;
    expect(time()).toBe(pinoIsoTime(instant));
  }
}

describe('createIsoTime', () => {
  it('writes what pino writes, across seconds, minutes, days and years', () => {
    const instants = [
      0,
      1,
      9,
      10,
      99,
      100,
      999,
      1000,
      Date.UTC(2026, 10, 30, 23, 59, 59, 999),
      Date.UTC(2026, 11, 1, 0, 0, 0, 0),
      Date.UTC(2028, 1, 29, 12, 0, 0, 5),
      Date.UTC(1999, 11, 31, 23, 59, 59, 990),
    ];
    expectSameAsPino(instants);
  });

  it('writes what pino writes for any instant, in any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), { minLength: 1 }),
        (instants) => {
          expectSameAsPino(instants);
        },
      ),
    );
  });

  it('writes each millisecond of one second', () => {
    const start = Date.UTC(2026, 10, 30, 21, 24, 38);
    expectSameAsPino(Array.from({ length: 1000 }, (_, millisecond) => start + millisecond));
  });

  it('formats a date once a second, not once a line', () => {
    const start = Date.UTC(2026, 10, 30, 21, 24, 38);
    let at = start;
    const time = createIsoTime(() => at);
    const formatting = vi.spyOn(Date.prototype, 'toISOString');
    try {
      for (let millisecond = 0; millisecond < 2000; millisecond += 1) {
        at = start + millisecond;
        time();
      }
      expect(formatting).toHaveBeenCalledTimes(2);
    } finally {
      formatting.mockRestore();
    }
  });
});
