/** A log destination that gathers lines into batches before handing them to pino's asynchronous file writer. */
import type { DestinationStream } from 'pino';

/**
 * What the batch is handed to: pino's SonicBoom (`pino.destination`) with `contentMode: 'buffer'`,
 * or any stream with the same methods.
 */
export interface BatchTarget {
  write(chunk: Buffer): unknown;
  flush?(callback?: (error?: Error) => void): void;
  flushSync?(): void;
}

export interface BatchedDestination extends DestinationStream {
  /** Hands the pending lines to the target and flushes it; `callback` runs once the target has written them. */
  flush(callback?: (error?: Error) => void): void;
  /** Hands the pending lines to the target and writes them synchronously (process exit). */
  flushSync(): void;
}

export interface BatchOptions {
  /** Lines are handed over once about this many characters are pending (bytes, for ASCII lines). */
  readonly batchLength: number;
  /** A partial batch is handed over after at most this long, so that a quiet process still logs. */
  readonly flushMilliseconds: number;
}

/**
 * Gathers lines until about `batchLength` characters are pending, then hands them to `target`
 * in one write, encoded once. Measured in styx under load (router/README.md, "Performance"):
 * encoding each line into a buffer as it came cost ~5 % of styx's CPU a request, more than
 * keeping the lines as one string until the batch is full; and SonicBoom 4 measures the byte
 * length of its whole pending text on every write, so one write per line cost about 3 µs.
 * Pending lines are handed over on a timer, by `flush` (at shutdown) and when the process exits.
 */
export function createBatchedDestination(target: BatchTarget, options: BatchOptions): BatchedDestination {
  const { batchLength } = options;
  let pending = '';

  function handOver(): void {
    if (pending.length === 0) return;
    const text = pending;
    pending = '';
    target.write(Buffer.from(text, 'utf8'));
  }

  const destination: BatchedDestination = {
    write(line: string) {
      pending += line;
      if (pending.length >= batchLength) handOver();
    },
    flush(callback) {
      handOver();
      if (target.flush === undefined) callback?.();
      else target.flush(callback);
    },
    flushSync() {
      handOver();
      target.flushSync?.();
    },
  };
  setInterval(handOver, options.flushMilliseconds).unref();
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // The target may already be closed or busy with an asynchronous write: nothing more can be done at exit.
    }
  });
  return destination;
}
