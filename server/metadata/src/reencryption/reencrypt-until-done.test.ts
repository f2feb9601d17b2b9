import { describe, expect, it } from 'vitest';
import type { ReencryptResult } from '@tidepool/spec';
import { reencryptUntilDone } from './reencrypt-until-done.js';

/** A batch function answering the given results in turn, recording the limits it was called with. */
function scripted(results: ReencryptResult[]) {
  const limits: number[] = [];
  const batch = (limit: number) => {
    limits.push(limit);
    const next = results.shift();
    return next === undefined ? Promise.reject(new Error('called once too often')) : Promise.resolve(next);
  };
  return { batch, limits };
}

describe('reencryptUntilDone', () => {
  it('calls batches until nothing remains, and reports each one', async () => {
    const { batch, limits } = scripted([
      { reencrypted: 2, remaining: 3, passFinished: false },
      { reencrypted: 2, remaining: 1, passFinished: false },
      { reencrypted: 1, remaining: 0, passFinished: true },
    ]);
    const lines: string[] = [];
    const outcome = await reencryptUntilDone({ batch, limit: 2, report: (line) => lines.push(line) });
    expect(outcome).toEqual({ reencrypted: 5, remaining: 0 });
    expect(limits).toEqual([2, 2, 2]);
    expect(lines.at(-1)).toBe('re-encrypted 1 in this batch, 5 in all; 0 remaining');
  });

  it('stops after a whole pass that moved nothing, leaving what belongs to no account', async () => {
    const { batch } = scripted([
      { reencrypted: 1, remaining: 2, passFinished: true },
      { reencrypted: 0, remaining: 2, passFinished: false },
      { reencrypted: 0, remaining: 2, passFinished: true },
    ]);
    expect(await reencryptUntilDone({ batch, limit: 10, report: () => undefined })).toEqual({
      reencrypted: 1,
      remaining: 2,
    });
  });

  it('does not stop at the end of a pass it joined half way, which may have missed accounts', async () => {
    const { batch } = scripted([
      { reencrypted: 0, remaining: 1, passFinished: true },
      { reencrypted: 1, remaining: 0, passFinished: false },
    ]);
    expect(await reencryptUntilDone({ batch, limit: 10, report: () => undefined })).toEqual({
      reencrypted: 1,
      remaining: 0,
    });
  });
});
