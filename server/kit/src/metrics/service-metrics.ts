/** Prometheus metrics of one service app: its own registry, process metrics and HTTP metrics. */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  /** The app's own registry: services add their metrics here, never to the global one. */
  readonly registry: Registry;
  readonly httpRequestsTotal: Counter<'route' | 'method' | 'status'>;
  readonly httpRequestDurationSeconds: Histogram<'route' | 'method' | 'status'>;
}

/**
 * A registry per app, so that tests can build many apps in one process. Labels are low
 * cardinality by construction: the route is a contract key, never a raw path.
 */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const labelNames = ['route', 'method', 'status'] as const;
  const httpRequestsTotal = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route key, method and status.',
    labelNames,
    registers: [registry],
  });
  const httpRequestDurationSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer, by route key, method and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequestsTotal, httpRequestDurationSeconds };
}

/** Counts and times every answer; the route is read when the answer is finished, after routing. */
export function httpMetricsMiddleware(
  metrics: ServiceMetrics,
  routeOf: (request: IncomingMessage) => string,
): RequestHandler {
  return (request, response, next) => {
    const stopTimer = metrics.httpRequestDurationSeconds.startTimer();
    response.once('finish', () => {
      const labels = { route: routeOf(request), method: request.method, status: String(response.statusCode) };
      metrics.httpRequestsTotal.inc(labels);
      stopTimer(labels);
    });
    next();
  };
}
