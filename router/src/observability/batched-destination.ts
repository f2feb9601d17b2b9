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
  /** Lines are handed over once about this many bytes are pending. */
  readonly batchBytes: number;
  /** A partial batch is handed over after at most this long, so that a quiet process still logs. */
  readonly flushMilliseconds: number;
}

/** The most bytes a string of `length` UTF-16 code units takes in UTF-8. */
const utf8Bound = (length: number) => length * 3;

/**
 * Gathers lines until about `batchBytes` are pending, then hands them to `target` in one
 * write. Measured (router/README.md, "Performance"): each line is encoded into the batch's
 * buffer as it comes, so it dies young, rather than kept as a string until the batch is joined
 * (kept strings outlived a scavenge or two and cost ~2 µs a line); and SonicBoom 4 measures the
 * byte length of its whole pending text on every write, so one write per line cost about 3 µs.
 * Pending lines are handed over on a timer, by `flush` (at shutdown) and when the process exits.
 */
export function createBatchedDestination(target: BatchTarget, options: BatchOptions): BatchedDestination {
  const { batchBytes } = options;
  // Room for a full batch and one more line of any usual length.
  const capacity = 2 * batchBytes;
  let batch = Buffer.allocUnsafe(capacity);
  let used = 0;

  function handOver(): void {
    if (used === 0) return;
    const full = batch.subarray(0, used);
    // A new buffer each time: the target may still hold the last one while it writes.
    batch = Buffer.allocUnsafe(capacity);
    used = 0;
    target.write(full);
  }

  const destination: BatchedDestination = {
    write(line: string) {
      // The exact length is measured only when the quick bound does not settle it.
      if (used + utf8Bound(line.length) > capacity && used + Buffer.byteLength(line) > capacity) {
        handOver();
        // A line longer than a whole batch goes alone.
        if (Buffer.byteLength(line) > capacity) {
          target.write(Buffer.from(line, 'utf8'));
          return;
        }
      }
      used += batch.write(line, used, 'utf8');
      if (used >= batchBytes) handOver();
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
