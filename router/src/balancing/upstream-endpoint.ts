/** One instance as styx sees it: its connection pool, its requests in flight and its passive health. */
import type { Dispatcher } from 'undici';
import type { UpstreamInstance } from '../upstream/upstream-source.js';

/** When an instance is taken out of rotation after failures, and for how long (DESIGN.md §8 "passive health"). */
export interface PassiveHealthOptions {
  /** Consecutive connection failures or 5xx answers that eject an instance. */
  readonly consecutiveFailures: number;
  /** The first ejection lasts this long; each further one in a row twice as long. */
  readonly baseEjectionMilliseconds: number;
  readonly maximumEjectionMilliseconds: number;
}

export const DEFAULT_PASSIVE_HEALTH: PassiveHealthOptions = {
  consecutiveFailures: 5,
  baseEjectionMilliseconds: 1_000,
  maximumEjectionMilliseconds: 30_000,
};

/**
 * An instance with what styx tracks about it. The counters are plain fields: they change on
 * every request and are read by the balancer on every request.
 */
export class UpstreamEndpoint {
  /** Replaced when the source changes the instance's `draining` flag; the pool and counters stay. */
  instance: UpstreamInstance;
  readonly dispatcher: Dispatcher;
  /** Requests sent and not yet answered in full: what "least outstanding" compares. */
  outstanding = 0;
  consecutiveFailures = 0;
  /** Ejections in a row without a success in between; sets the back-off. */
  ejections = 0;
  /** `Date.now()` before which the instance gets no requests (unless every instance is ejected). */
  ejectedUntil = 0;
  private readonly health: PassiveHealthOptions;

  constructor(instance: UpstreamInstance, dispatcher: Dispatcher, health: PassiveHealthOptions) {
    this.instance = instance;
    this.dispatcher = dispatcher;
    this.health = health;
  }

  isEjected(now: number): boolean {
    return this.ejectedUntil > now;
  }

  /** An answer below 500 came back: the instance is healthy again, and the back-off starts over. */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.ejections = 0;
  }

  /**
   * A connection failure, a timeout or a 5xx answer. Returns whether this failure ejected the
   * instance. Failures of requests that were in flight when it was ejected do not count again.
   */
  recordFailure(now: number): boolean {
    if (this.isEjected(now)) return false;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures < this.health.consecutiveFailures) return false;
    this.ejections += 1;
    const backOff = this.health.baseEjectionMilliseconds * 2 ** (this.ejections - 1);
    this.ejectedUntil = now + Math.min(backOff, this.health.maximumEjectionMilliseconds);
    // Back from ejection, one more failure ejects it again at once (for twice as long);
    // one success brings it fully back.
    this.consecutiveFailures = this.health.consecutiveFailures - 1;
    return true;
  }
}
