/** The coordinator's own Prometheus metrics, in the kit's registry beside the HTTP ones (`GET /metrics`). */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface CoordinatorGaugeSources {
  readonly listings: () => number;
  readonly watchers: () => number;
  readonly peers: () => number;
  readonly reachablePeers: () => number;
}

export interface CoordinatorMetrics {
  /** Listings dropped because they missed their heartbeats. */
  readonly heartbeatsMissed: Counter;
}

/** Registers hakken's gauges (read when scraped) and its counter of missed heartbeats. */
export function registerCoordinatorMetrics(
  registry: Registry,
  sources: CoordinatorGaugeSources,
): CoordinatorMetrics {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('hakken_listings', 'Live listings this coordinator knows.', sources.listings);
  gauge('hakken_watchers', 'Open watch streams.', sources.watchers);
  gauge('hakken_peers', 'Other coordinators this one knows.', sources.peers);
  gauge(
    'hakken_peers_reachable',
    'Other coordinators that answered the last gossip round.',
    sources.reachablePeers,
  );
  const heartbeatsMissed = new Counter({
    name: 'hakken_heartbeats_missed_total',
    help: 'Listings dropped because they missed their heartbeats (interval × allowed misses).',
    registers: [registry],
  });
  return { heartbeatsMissed };
}
