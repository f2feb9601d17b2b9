import { describe, expect, it } from 'vitest';
import { createBatchedDestination } from './batched-destination.js';

function recordingTarget(): {
  writes: string[];
  flushes: number;
  write(text: string): void;
  flush(done?: () => void): void;
} {
  const target = {
    writes: [] as string[],
    flushes: 0,
    write(text: string) {
      target.writes.push(text);
    },
    flush(done?: () => void) {
      target.flushes += 1;
      done?.();
    },
  };
  return target;
}

describe('batched log destination', () => {
  it('hands lines over in one write once a batch is full, in order', () => {
    const target = recordingTarget();
    const destination = createBatchedDestination(target, { batchCharacters: 10, flushMilliseconds: 60_000 });
    destination.write('one\n');
    destination.write('two\n');
    expect(target.writes).toEqual([]);
    destination.write('three\n');
    expect(target.writes).toEqual(['one\ntwo\nthree\n']);
  });

  it('hands a partial batch over on flush and tells when the target has it', async () => {
    const target = recordingTarget();
    const destination = createBatchedDestination(target, {
      batchCharacters: 1_000,
      flushMilliseconds: 60_000,
    });
    destination.write('only line\n');
    await new Promise<void>((resolve) => {
      destination.flush(() => {
        resolve();
      });
    });
    expect(target.writes).toEqual(['only line\n']);
    expect(target.flushes).toBe(1);
  });

  it('hands a partial batch over on its timer', async () => {
    const target = recordingTarget();
    const destination = createBatchedDestination(target, { batchCharacters: 1_000, flushMilliseconds: 10 });
    destination.write('quiet line\n');
    const deadline = Date.now() + 10_000;
    while (target.writes.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(target.writes).toEqual(['quiet line\n']);
  });
});
