/** The AbortSignal of one attempt: the caller's signal combined with the attempt's timeout. */

export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the timeout (not the caller) ended the attempt. */
  timedOut(): boolean;
  /** Stops the timer and detaches listeners; call it once the attempt is over. */
  dispose(): void;
}

/** Starts the timeout of one attempt; `callerSignal` aborts it too. */
export function startAttemptSignal(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const timeout = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    timeout.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const combined = callerSignal === undefined ? undefined : anySignal([callerSignal, timeout.signal]);
  return {
    signal: combined?.signal ?? timeout.signal,
    timedOut: () => expired && callerSignal?.aborted !== true,
    dispose: () => {
      clearTimeout(timer);
      combined?.dispose();
    },
  };
}

/** A combined signal and the function that detaches it from its sources. */
export interface CombinedSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * A signal that aborts when any of `signals` does: AbortSignal.any where the runtime has it
 * (Node 20.3+, current browsers), otherwise {@link combineSignalsByHand}.
 */
export function anySignal(signals: readonly AbortSignal[]): CombinedSignal {
  const native = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof native !== 'function') return combineSignalsByHand(signals);
  return { signal: native.call(AbortSignal, [...signals]), dispose: () => undefined };
}

/** What AbortSignal.any does, for older runtimes; listeners are removed on dispose. */
export function combineSignalsByHand(signals: readonly AbortSignal[]): CombinedSignal {
  const controller = new AbortController();
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted !== undefined) {
    controller.abort(aborted.reason);
    return { signal: controller.signal, dispose: () => undefined };
  }
  const removers = signals.map((signal) => {
    const listener = (): void => {
      controller.abort(signal.reason);
    };
    signal.addEventListener('abort', listener, { once: true });
    return () => {
      signal.removeEventListener('abort', listener);
    };
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const remove of removers) remove();
    },
  };
}
