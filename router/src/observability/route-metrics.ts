/** The per-route request counter and latency histogram: plain numbers per request, Prometheus values at each scrape. */
import type { Metric, Registry } from 'prom-client';

/** The metrics of one route, counted by plain field updates (no label hashing per request). */
export interface RouteMetrics {
  /** One finished request: its status (499 when the client left first) and its duration. */
  observe(status: number, seconds: number): void;
}

/** What prom-client's registries read from a metric (`Registry.metrics()`, `AggregatorRegistry` in a cluster). */
interface MetricValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
}

interface RouteCounts {
  readonly route: string;
  readonly service: string;
  /** Requests by status code. */
  readonly byStatus: Map<number, number>;
  /** Observations per bucket (not cumulative); the last one is `+Inf`. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * A collector of two metrics, registered in a prom-client registry as two metric objects:
 * `<requestsName>{route,service,status}` (counter) and `<durationName>{route,service}`
 * (histogram). Measured (router/README.md, "Performance"): prom-client's label children hash
 * their labels on every `inc`/`observe` (about 1 µs a request); here a request adds to a map
 * entry and a bucket, and the values are laid out only when Prometheus scrapes.
 */
export class RouteMetricsCollector {
  private readonly routes: RouteCounts[] = [];
  private readonly bounds: readonly number[];

  constructor(
    registry: Registry,
    names: { readonly requests: string; readonly duration: string },
    help: { readonly requests: string; readonly duration: string },
    bounds: readonly number[],
  ) {
    this.bounds = bounds;
    registry.registerMetric(
      this.metric(names.requests, help.requests, 'counter', () => this.requestValues()),
    );
    registry.registerMetric(
      this.metric(names.duration, help.duration, 'histogram', () => this.durationValues(names.duration)),
    );
  }

  /** The counters of one route; made once per route, at start. */
  forRoute(route: string, service: string): RouteMetrics {
    const counts: RouteCounts = {
      route,
      service,
      byStatus: new Map(),
      buckets: new Float64Array(this.bounds.length + 1),
      sum: 0,
      count: 0,
    };
    this.routes.push(counts);
    const bounds = this.bounds;
    return {
      observe(status, seconds) {
        counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
        let bucket = 0;
        while (bucket < bounds.length && seconds > (bounds[bucket] as number)) bucket += 1;
        counts.buckets[bucket] = (counts.buckets[bucket] ?? 0) + 1;
        counts.sum += seconds;
        counts.count += 1;
      },
    };
  }

  private requestValues(): MetricValue[] {
    const values: MetricValue[] = [];
    for (const counts of this.routes) {
      for (const [status, value] of counts.byStatus) {
        values.push({ value, labels: { route: counts.route, service: counts.service, status } });
      }
    }
    return values;
  }

  private durationValues(name: string): MetricValue[] {
    const values: MetricValue[] = [];
    for (const counts of this.routes) {
      // prom-client reports a labelled histogram only once it has an observation; so does this.
      if (counts.count === 0) continue;
      const labels = { route: counts.route, service: counts.service };
      let cumulative = 0;
      this.bounds.forEach((bound, index) => {
        cumulative += counts.buckets[index] ?? 0;
        values.push({ value: cumulative, labels: { ...labels, le: bound }, metricName: `${name}_bucket` });
      });
      values.push(
        { value: counts.count, labels: { ...labels, le: '+Inf' }, metricName: `${name}_bucket` },
        { value: counts.sum, labels, metricName: `${name}_sum` },
        { value: counts.count, labels, metricName: `${name}_count` },
      );
    }
    return values;
  }

  /** A metric object as registries read it; prom-client types only its own classes, hence the cast. */
  private metric(
    name: string,
    help: string,
    type: 'counter' | 'histogram',
    values: () => MetricValue[],
  ): Metric {
    const metric = {
      name,
      help,
      type,
      aggregator: 'sum',
      get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => {
        for (const counts of this.routes) {
          counts.byStatus.clear();
          counts.buckets.fill(0);
          counts.sum = 0;
          counts.count = 0;
        }
      },
    };
    return metric as unknown as Metric;
  }
}
