import { describe, expect, it } from 'vitest';
import { createBatchedDestination } from './batched-destination.js';

function recordingTarget(): {
  writes: string[];
  flushes: number;
  write(chunk: Buffer): void;
  flush(done?: () => void): void;
} {
  const target = {
    writes: [] as string[],
    flushes: 0,
    write(chunk: Buffer) {
      target.writes.push(chunk.toString('utf8'));
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
    const destination = createBatchedDestination(target, { batchLength: 10, flushMilliseconds: 60_000 });
    destination.write('one\n');
    destination.write('two\n');
    expect(target.writes).toEqual([]);
    destination.write('three\n');
    expect(target.writes).toEqual(['one\ntwo\nthree\n']);
  });

  it('hands a partial batch over on flush and tells when the target has it', async () => {
    const target = recordingTarget();
    const destination = createBatchedDestination(target, {
      batchLength: 1_000,
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
    const destination = createBatchedDestination(target, { batchLength: 1_000, flushMilliseconds: 10 });
    destination.write('quiet line\n');
    const deadline = Date.now() + 10_000;
    while (target.writes.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(target.writes).toEqual(['quiet line\n']);
  });
});

describe('batched log destination, lines', () => {
  it('keeps every line whole and in order, non-ASCII characters included', () => {
    const target = recordingTarget();
    const destination = createBatchedDestination(target, { batchLength: 64, flushMilliseconds: 60_000 });
    const lines = Array.from(
      { length: 40 },
      (_, index) => `{"n":${index},"path":"/é/${'ü'.repeat(index % 7)}"}\n`,
    );
    for (const line of lines) destination.write(line);
    destination.flushSync();
    expect(target.writes.join('')).toBe(lines.join(''));
    // Every batch ends at a line's end and holds about batchLength characters, never a line cut in two.
    expect(target.writes.every((batch) => batch.endsWith('\n'))).toBe(true);
    expect(target.writes.length).toBeGreaterThan(5);
  });

  it('hands a line longer than a whole batch over whole, with what was pending before it', () => {
    const target = recordingTarget();
    const destination = createBatchedDestination(target, { batchLength: 16, flushMilliseconds: 60_000 });
    const long = `${'x'.repeat(100)}\n`;
    destination.write('a\n');
    destination.write(long);
    destination.write('b\n');
    destination.flushSync();
    expect(target.writes).toEqual([`a\n${long}`, 'b\n']);
  });
});
