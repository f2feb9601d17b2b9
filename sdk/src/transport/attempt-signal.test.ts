import { describe, expect, it } from 'vitest';
import { combineSignalsByHand, startAttemptSignal } from './attempt-signal.js';

describe('attempt signals', () => {
  it('combines signals by hand: aborts with the reason of the first that aborts', () => {
    const first = new AbortController();
    const second = new AbortController();
    const combined = combineSignalsByHand([first.signal, second.signal]);
    expect(combined.signal.aborted).toBe(false);
    second.abort('second reason');
    expect(combined.signal.aborted).toBe(true);
    expect(combined.signal.reason).toBe('second reason');
  });

  it('combines signals by hand: starts aborted when a source already is', () => {
    const combined = combineSignalsByHand([new AbortController().signal, AbortSignal.abort('early')]);
    expect(combined.signal.aborted).toBe(true);
    expect(combined.signal.reason).toBe('early');
  });

  it('combines signals by hand: no longer follows its sources once disposed', () => {
    const source = new AbortController();
    const combined = combineSignalsByHand([source.signal]);
    combined.dispose();
    source.abort();
    expect(combined.signal.aborted).toBe(false);
  });

  it('tells a timeout from an abort by the caller', async () => {
    const timedOut = startAttemptSignal(undefined, 5);
    await new Promise<void>((resolve) => {
      timedOut.signal.addEventListener('abort', () => {
        resolve();
      });
    });
    expect(timedOut.timedOut()).toBe(true);
    expect((timedOut.signal.reason as DOMException).name).toBe('TimeoutError');

    const caller = new AbortController();
    const aborted = startAttemptSignal(caller.signal, 60_000);
    caller.abort();
    expect(aborted.signal.aborted).toBe(true);
    expect(aborted.timedOut()).toBe(false);
    aborted.dispose();
  });
});
