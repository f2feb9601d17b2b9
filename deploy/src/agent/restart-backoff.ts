/** Restarting a crashed process with exponential back-off, forgiven after a stable run (DESIGN.md §8). */

export interface RestartBackoffOptions {
  /** The wait before the first restart (default 250 ms). */
  readonly initialMilliseconds: number;
  /** The longest wait (default 30 s). */
  readonly maximumMilliseconds: number;
  /** A process that ran this long before crashing starts the back-off again (default 10 s). */
  readonly stableRunMilliseconds: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoffOptions = {
  initialMilliseconds: 250,
  maximumMilliseconds: 30_000,
  stableRunMilliseconds: 10_000,
};

/** The wait before restart number `crashes` of a run of crashes: initial × 2^(crashes − 1), capped. */
export function restartDelay(
  crashes: number,
  options: RestartBackoffOptions = DEFAULT_RESTART_BACKOFF,
): number {
  if (crashes < 1) return 0;
  // Capping the exponent keeps 2^n finite for a process that crashes for days.
  const doubled = options.initialMilliseconds * 2 ** Math.min(crashes - 1, 30);
  return Math.min(doubled, options.maximumMilliseconds);
}

/** Counts consecutive crashes; a long enough run before a crash resets the count. */
export class RestartBackoff {
  #crashes = 0;

  constructor(private readonly options: RestartBackoffOptions = DEFAULT_RESTART_BACKOFF) {}

  /** Crashes in the current run of crashes. */
  get crashes(): number {
    return this.#crashes;
  }

  /** Records a crash of a process that ran `ranMilliseconds`, and returns the wait before restarting it. */
  crashed(ranMilliseconds: number): number {
    this.#crashes = ranMilliseconds >= this.options.stableRunMilliseconds ? 1 : this.#crashes + 1;
    return restartDelay(this.#crashes, this.options);
  }

  /** Forgets the crashes (the slot was stopped or started by hand). */
  reset(): void {
    this.#crashes = 0;
  }
}
