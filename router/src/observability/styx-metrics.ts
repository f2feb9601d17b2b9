/** styx's Prometheus metrics: requests and latency per route and service, upstream attempts, retries, ejections. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamGroup } from '../balancing/upstream-group.js';
import { RouteMetricsCollector, type RouteMetrics } from './route-metrics.js';

export type { RouteMetrics };

/** How an attempt to reach an instance ended, as the `outcome` label. */
export type AttemptOutcome =
  | 'answered'
  | 'refused'
  | 'connect-timeout'
  | 'timeout'
  | 'reset'
  | 'too-large'
  | 'client-closed'
  | 'invalid';

/** The metrics of one target service, with the label children made once. */
export interface TargetMetrics {
  attempt(outcome: AttemptOutcome): void;
  retry(): void;
  ejection(): void;
}

export interface StyxMetrics {
  readonly registry: Registry;
  /** The metrics of a route; `route` is the rule name, `service` the target. */
  forRoute(route: string, service: string): RouteMetrics;
  forTarget(service: string): TargetMetrics;
  /** Reports the instances of these groups, by state, at each scrape. */
  watchGroups(groups: readonly UpstreamGroup[]): void;
}

/** Latency buckets, in seconds: from a cached answer on loopback to a slow upload. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A registry of its own (not prom-client's global one), so that several routers in one
 * process, as in tests, do not collide.
 *
 * @example const metrics = createStyxMetrics(); response.end(await metrics.registry.metrics());
 */
export function createStyxMetrics(): StyxMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'styx_' });
  const perRoute = new RouteMetricsCollector(
    registry,
    { requests: 'styx_requests_total', duration: 'styx_request_duration_seconds' },
    {
      requests: 'Requests answered, by route, target service and status (499: the client left first).',
      duration: 'Time from the request to the end of the answer, by route and target service.',
    },
    DURATION_BUCKETS,
  );
  /** Answered attempts since the last scrape, per service: counted as plain numbers on the hot path. */
  const answeredSinceScrape = new Map<string, { count: number }>();
  const attempts = new Counter({
    name: 'styx_upstream_attempts_total',
    help: 'Attempts to forward a request to an instance, by service and outcome.',
    labelNames: ['service', 'outcome'] as const,
    registers: [registry],
    collect() {
      // Every known service is listed, at 0 before its first answer.
      for (const [service, answered] of answeredSinceScrape) {
        this.inc({ service, outcome: 'answered' }, answered.count);
        answered.count = 0;
      }
    },
  });
  const retries = new Counter({
    name: 'styx_retries_total',
    help: 'Requests sent again to another instance after a failed attempt.',
    labelNames: ['service'] as const,
    registers: [registry],
  });
  const ejections = new Counter({
    name: 'styx_ejections_total',
    help: 'Instances taken out of rotation after consecutive failures (passive health).',
    labelNames: ['service'] as const,
    registers: [registry],
  });
  let watched: readonly UpstreamGroup[] = [];
  new Gauge({
    name: 'styx_instances',
    help: 'Instances known per service, by state (available, draining, ejected).',
    labelNames: ['service', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      for (const group of watched) {
        const counts = group.availability(now);
        this.set({ service: group.name, state: 'available' }, counts.available);
        this.set({ service: group.name, state: 'draining' }, counts.draining);
        this.set({ service: group.name, state: 'ejected' }, counts.ejected);
      }
    },
  });

  return {
    registry,
    forRoute(route, service) {
      return perRoute.forRoute(route, service);
    },
    forTarget(service) {
      let answered = answeredSinceScrape.get(service);
      if (answered === undefined) {
        answered = { count: 0 };
        answeredSinceScrape.set(service, answered);
      }
      const counted = answered;
      return {
        attempt(outcome) {
          // Most attempts are answered: a number added to, rather than a label set hashed per request.
          if (outcome === 'answered') counted.count += 1;
          else attempts.inc({ service, outcome });
        },
        retry() {
          retries.inc({ service });
        },
        ejection() {
          ejections.inc({ service });
        },
      };
    },
    watchGroups(groups) {
      watched = groups;
    },
  };
}
