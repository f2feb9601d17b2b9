/** A deadline for a call that does not count this process's own stalls against the other side. */

/** A signal that aborts at the deadline; `clear()` once the call is over. */
export interface Deadline {
  readonly signal: AbortSignal;
  clear(): void;
}

/**
 * Like `AbortSignal.timeout(milliseconds)`, but the abort comes one turn of the event loop after
 * the timer: an answer that arrived while this process was busy is read first. After a long
 * synchronous task (a large upload, a collection), timers run before the I/O that waited, so
 * `AbortSignal.timeout` aborted calls whose answers had come in time: heartbeats to hakken
 * failed because the publisher, not the coordinator, had been slow.
 *
 * @example
 * const deadline = startDeadline(1000);
 * try { await fetch(url, { signal: deadline.signal }); } finally { deadline.clear(); }
 */
export function startDeadline(milliseconds: number): Deadline {
  const controller = new AbortController();
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    // Timers run before the poll phase: let it deliver what has arrived, then abort.
    immediate = setImmediate(() => {
      controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    });
  }, milliseconds);
  timer.unref();
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      if (immediate !== undefined) clearImmediate(immediate);
    },
  };
}
