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
  /** How long an instance that left its source without draining stays a last resort; default `LINGER_MILLISECONDS`. */
  readonly lingerMilliseconds?: number;
}

/**
 * An instance that leaves the source without having drained first has most likely missed its
 * heartbeats (its process busy or paused for a few seconds), not stopped: hakken drops a listing
 * after three missed 1-s beats. For this long it remains a last resort, tried only when no listed
 * instance can take a request. A stopped one refuses the connection, which costs little.
 */
export const LINGER_MILLISECONDS = 10_000;

/** An instance gone from the source, kept as a last resort until `until`. */
interface Lingering {
  readonly endpoint: UpstreamEndpoint;
  readonly until: number;
  readonly timer: NodeJS.Timeout;
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
  /** By instance id: instances that left the source without draining (see `LINGER_MILLISECONDS`). */
  private readonly lingering = new Map<string, Lingering>();
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

  /** Every listed instance, for `/status`. */
  all(): readonly UpstreamEndpoint[] {
    return this.endpoints;
  }

  /** The instances kept as a last resort after they left the source without draining, for `/status`. */
  lingeringEndpoints(): UpstreamEndpoint[] {
    return [...this.lingering.values()].map((entry) => entry.endpoint);
  }

  /**
   * The instance for the next attempt, or `undefined` when none may take it: two instances
   * drawn at random among those not draining, not ejected and not yet tried for this request,
   * and the one with fewer requests in flight wins (Mitzenmacher, "The Power of Two Choices
   * in Randomized Load Balancing"). When every such instance is ejected, the ejected ones are
   * tried after all: a request that might succeed is better than a certain 503. When no listed
   * instance is left to try, an instance that left the source without draining is tried, for the
   * same reason (see `LINGER_MILLISECONDS`).
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
    if (count === 0) return this.lastResort(tried, now);
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
    const endpoints = [...this.endpoints, ...this.lingeringEndpoints()];
    for (const entry of this.lingering.values()) clearTimeout(entry.timer);
    this.lingering.clear();
    this.endpoints = [];
    await Promise.all(endpoints.map((endpoint) => endpoint.dispatcher.close()));
    await this.options.source.close?.();
  }

  /** A lingering instance not yet tried for this request, or `undefined`. */
  private lastResort(tried: readonly UpstreamEndpoint[], now: number): UpstreamEndpoint | undefined {
    for (const { endpoint, until } of this.lingering.values()) {
      if (until > now && !tried.includes(endpoint)) return endpoint;
    }
    return undefined;
  }

  private update(instances: readonly UpstreamInstance[]): void {
    const previous = new Map(this.endpoints.map((endpoint) => [endpoint.instance.id, endpoint]));
    // An instance back in the source after missing its heartbeats keeps its pool and counters.
    for (const instance of instances) {
      const back = this.lingering.get(instance.id);
      if (back === undefined || previous.has(instance.id)) continue;
      clearTimeout(back.timer);
      this.lingering.delete(instance.id);
      previous.set(instance.id, back.endpoint);
    }
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
    for (const gone of previous.values()) {
      // Drained, or listed again at another address: gone for good. Otherwise it may be back.
      const moved = instances.some((instance) => instance.id === gone.instance.id);
      if (gone.instance.draining || moved) closePool(gone);
      else this.linger(gone);
    }
  }

  /** Keeps an instance that left without draining as a last resort, and closes its pool after. */
  private linger(endpoint: UpstreamEndpoint): void {
    const milliseconds = this.options.lingerMilliseconds ?? LINGER_MILLISECONDS;
    const id = endpoint.instance.id;
    const timer = setTimeout(() => {
      if (this.lingering.get(id)?.endpoint !== endpoint) return;
      this.lingering.delete(id);
      closePool(endpoint);
    }, milliseconds);
    timer.unref();
    this.lingering.set(id, { endpoint, until: Date.now() + milliseconds, timer });
  }
}

/** A gone instance finishes what it has: closing a pool waits for its requests. */
function closePool(endpoint: UpstreamEndpoint): void {
  void endpoint.dispatcher.close().catch(() => undefined);
}
