import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RouteMetricsCollector } from './route-metrics.js';

function collector(): { registry: Registry; metrics: RouteMetricsCollector } {
  const registry = new Registry();
  const metrics = new RouteMetricsCollector(
    registry,
    { requests: 'test_requests_total', duration: 'test_duration_seconds' },
    { requests: 'Requests.', duration: 'Durations.' },
    [0.01, 0.1, 1],
  );
  return { registry, metrics };
}

describe('route metrics', () => {
  it('counts requests per route and status in the Prometheus text format', async () => {
    const { registry, metrics } = collector();
    const data = metrics.forRoute('/data', 'data');
    data.observe(200, 0.005);
    data.observe(200, 0.05);
    data.observe(404, 0.5);
    metrics.forRoute('/auth', 'user-api').observe(503, 2);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE test_requests_total counter');
    expect(text).toContain('test_requests_total{route="/data",service="data",status="200"} 2');
    expect(text).toContain('test_requests_total{route="/data",service="data",status="404"} 1');
    expect(text).toContain('test_requests_total{route="/auth",service="user-api",status="503"} 1');
  });

  it('reports cumulative latency buckets, the sum and the count of each route', async () => {
    const { registry, metrics } = collector();
    const data = metrics.forRoute('/data', 'data');
    // A value on a bound belongs to that bucket (le means "less than or equal").
    for (const seconds of [0.01, 0.05, 0.5, 5]) data.observe(200, seconds);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE test_duration_seconds histogram');
    expect(text).toContain('test_duration_seconds_bucket{route="/data",service="data",le="0.01"} 1');
    expect(text).toContain('test_duration_seconds_bucket{route="/data",service="data",le="0.1"} 2');
    expect(text).toContain('test_duration_seconds_bucket{route="/data",service="data",le="1"} 3');
    expect(text).toContain('test_duration_seconds_bucket{route="/data",service="data",le="+Inf"} 4');
    expect(text).toContain('test_duration_seconds_sum{route="/data",service="data"} 5.56');
    expect(text).toContain('test_duration_seconds_count{route="/data",service="data"} 4');
  });

  it('leaves out routes without requests, and starts over after a reset', async () => {
    const { registry, metrics } = collector();
    metrics.forRoute('/quiet', 'quiet');
    const data = metrics.forRoute('/data', 'data');
    data.observe(200, 0.001);
    expect(await registry.metrics()).not.toContain('route="/quiet"');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route="/data"');
  });
});
