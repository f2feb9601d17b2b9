/** How long to wait before the next try after repeated failures: exponential, capped, with jitter. */

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maximumMs: number;
  /** A number in [0, 1); `Math.random` unless a test fixes it. */
  readonly random?: () => number;
}

/**
 * The delay before the next try after `failures` failures in a row (0 for the first try).
 * Between half and all of `initialMs × 2^(failures-1)`, at most `maximumMs`, so that clients
 * cut off together do not come back together.
 */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(options.maximumMs, options.initialMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling * (0.5 + 0.5 * (options.random ?? Math.random)()));
}
