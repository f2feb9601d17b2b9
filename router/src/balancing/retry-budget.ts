/** A retry budget: retries stay a bounded share of requests, so that retries cannot multiply an outage. */

export interface RetryBudgetOptions {
  /** Retries allowed per request over the window, for example 0.2 (one retry per five requests). */
  readonly ratio: number;
  /** Retries always allowed per second, so that a quiet service can still retry. */
  readonly minimumPerSecond: number;
  /** The sliding window, in whole seconds. */
  readonly windowSeconds: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = {
  ratio: 0.2,
  minimumPerSecond: 10,
  windowSeconds: 10,
};

/**
 * Counts requests and retries in one-second buckets over a sliding window; a retry is allowed
 * while retries < ratio × requests + minimumPerSecond × windowSeconds. This is the budget of
 * Finagle and Linkerd: under a failure that affects every request, load grows by at most
 * `ratio` instead of by the attempt count.
 */
export class RetryBudget {
  private readonly options: RetryBudgetOptions;
  private readonly requests: Float64Array;
  private readonly retries: Float64Array;
  private second = 0;
  private requestTotal = 0;
  private retryTotal = 0;

  constructor(options: RetryBudgetOptions = DEFAULT_RETRY_BUDGET) {
    this.options = options;
    this.requests = new Float64Array(options.windowSeconds);
    this.retries = new Float64Array(options.windowSeconds);
  }

  /** A first attempt: adds to what retries may spend. */
  recordRequest(now: number): void {
    const bucket = this.advance(now);
    this.requests[bucket] = (this.requests[bucket] ?? 0) + 1;
    this.requestTotal += 1;
  }

  /** Takes one retry from the budget; `false` when it is spent. */
  tryRetry(now: number): boolean {
    const bucket = this.advance(now);
    const allowed =
      this.options.ratio * this.requestTotal + this.options.minimumPerSecond * this.options.windowSeconds;
    if (this.retryTotal >= allowed) return false;
    this.retries[bucket] = (this.retries[bucket] ?? 0) + 1;
    this.retryTotal += 1;
    return true;
  }

  /** Moves the window to the second of `now`, emptying the buckets that left it; returns the current bucket. */
  private advance(now: number): number {
    const second = Math.floor(now / 1000);
    const size = this.options.windowSeconds;
    if (second !== this.second) {
      const elapsed = Math.min(second - this.second, size);
      for (let step = 1; step <= elapsed; step += 1) {
        const bucket = (this.second + step) % size;
        this.requestTotal -= this.requests[bucket] ?? 0;
        this.retryTotal -= this.retries[bucket] ?? 0;
        this.requests[bucket] = 0;
        this.retries[bucket] = 0;
      }
      this.second = second;
    }
    return second % size;
  }
}
