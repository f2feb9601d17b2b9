/** The instances of one target and the choice among them: power of two choices over least outstanding requests. */
import type { Dispatcher } from 'undici';
import type { UpstreamInstance, UpstreamSource } from '../upstream/upstream-source.js';
import { UpstreamEndpoint, type PassiveHealthOptions } from './upstream-endpoint.js';

export interface UpstreamGroupOptions {
  /** The service name, or the rule name for static upstreams: the `service` of logs and metrics. */
  readonly name: string;
  readonly source: UpstreamSource;
  readonly health: PassiveHealthOptions;
  /** Makes the keep-alive connection pool of one instance. */
  readonly createDispatcher: (url: string) => Dispatcher;
  /** A number in [0, 1); `Math.random` unless a test needs a fixed choice. */
  readonly random: () => number;
}

/** How many instances a target has, by state, for `/status` and metrics. */
export interface GroupAvailability {
  readonly total: number;
  readonly draining: number;
  readonly ejected: number;
  /** Neither draining nor ejected. */
  readonly available: number;
}

/** Reused between calls of `choose`, which never runs twice at once. */
const candidates: UpstreamEndpoint[] = [];

/**
 * The live instances of a target. It follows its source (new instances get a pool, removed
 * ones have theirs closed once their requests finish) and chooses where each request goes.
 */
export class UpstreamGroup {
  readonly name: string;
  private endpoints: readonly UpstreamEndpoint[] = [];
  private readonly options: UpstreamGroupOptions;
  private readonly stopWatching: () => void;

  constructor(options: UpstreamGroupOptions) {
    this.name = options.name;
    this.options = options;
    this.update(options.source.instances());
    this.stopWatching = options.source.onChange(() => {
      this.update(options.source.instances());
    });
  }

  /** Every known instance, for `/status`. */
  all(): readonly UpstreamEndpoint[] {
    return this.endpoints;
  }

  /**
   * The instance for the next attempt, or `undefined` when none may take it: two instances
   * drawn at random among those not draining, not ejected and not yet tried for this request,
   * and the one with fewer requests in flight wins (Mitzenmacher, "The Power of Two Choices
   * in Randomized Load Balancing"). When every such instance is ejected, the ejected ones are
   * tried after all: a request that might succeed is better than a certain 503.
   */
  choose(tried: readonly UpstreamEndpoint[], now: number): UpstreamEndpoint | undefined {
    candidates.length = 0;
    let anyEjected = false;
    for (const endpoint of this.endpoints) {
      if (endpoint.instance.draining || tried.includes(endpoint)) continue;
      if (endpoint.isEjected(now)) anyEjected = true;
      else candidates.push(endpoint);
    }
    if (candidates.length === 0 && anyEjected) {
      for (const endpoint of this.endpoints) {
        if (!endpoint.instance.draining && !tried.includes(endpoint)) candidates.push(endpoint);
      }
    }
    const count = candidates.length;
    if (count === 0) return undefined;
    if (count === 1) {
      const only = candidates[0];
      candidates.length = 0;
      return only;
    }
    const first = Math.floor(this.options.random() * count);
    let second = Math.floor(this.options.random() * (count - 1));
    if (second >= first) second += 1;
    const a = candidates[first] as UpstreamEndpoint;
    const b = candidates[second] as UpstreamEndpoint;
    candidates.length = 0;
    return b.outstanding < a.outstanding ? b : a;
  }

  availability(now: number): GroupAvailability {
    let draining = 0;
    let ejected = 0;
    for (const endpoint of this.endpoints) {
      if (endpoint.instance.draining) draining += 1;
      else if (endpoint.isEjected(now)) ejected += 1;
    }
    const total = this.endpoints.length;
    return { total, draining, ejected, available: total - draining - ejected };
  }

  /** How old the instance list is, when its source is a cache that may be stale. */
  ageMilliseconds(): number | undefined {
    return this.options.source.ageMilliseconds?.();
  }

  /** Stops following the source and closes every pool, after the requests in flight. */
  async close(): Promise<void> {
    this.stopWatching();
    const endpoints = this.endpoints;
    this.endpoints = [];
    await Promise.all(endpoints.map((endpoint) => endpoint.dispatcher.close()));
    await this.options.source.close?.();
  }

  private update(instances: readonly UpstreamInstance[]): void {
    const previous = new Map(this.endpoints.map((endpoint) => [endpoint.instance.id, endpoint]));
    const next: UpstreamEndpoint[] = [];
    for (const instance of instances) {
      const known = previous.get(instance.id);
      if (known !== undefined && known.instance.url === instance.url) {
        previous.delete(instance.id);
        // A new draining flag keeps the pool, the counters and the requests in flight.
        known.instance = instance;
        next.push(known);
      } else {
        next.push(
          new UpstreamEndpoint(instance, this.options.createDispatcher(instance.url), this.options.health),
        );
      }
    }
    this.endpoints = next;
    // Gone instances finish what they have; closing a pool waits for its requests.
    for (const gone of previous.values()) void gone.dispatcher.close().catch(() => undefined);
  }
}
