/** Hakken: how fast a change reaches 50 watchers, and how fast a dead instance is noticed, against the original polling. */
import { performance } from 'node:perf_hooks';
import { findFreePort } from '@tidepool/kit/testing';
import { createHakkenClient, type HakkenClient, type ListingWatch } from '@tidepool/hakken';
import { startCoordinatorProcess, waitFor, type CoordinatorProcess } from '@tidepool/hakken/testing';
import { SERVER_SECRET_HEADER } from '@tidepool/spec';
import type { BenchReport, BenchRow, Benchmark } from './bench-report.js';

const serverSecret = 'a-bench-server-secret-of-32-characters-or-more';
const watcherCount = 50;
const publishCount = 100;
const detectionTrials = 8;
// DESIGN.md §7 defaults, as the coordinators run in production.
const heartbeatIntervalMs = 1000;
const allowedMisses = 3;
// The original hakken: clients heartbeat every 20 s, and a watch polls one coordinator every
// heartbeat interval (lib/client/hakken.js: `pollInterval` is for coordinators, the watch uses
// `heartbeatInterval`); the coordinator drops a listing after 3 missed beats, checking every beat.
const originalPollMs = 20_000;
const originalHeartbeatMs = 20_000;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** A small seeded generator, so that the computed anchor is the same in every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** When each watch first reports `kind` for a listing id. */
function recordTimes(watches: readonly ListingWatch[], kind: 'added' | 'removed'): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  for (const watch of watches) {
    watch.on('change', (change) => {
      if (change.kind !== kind) return;
      const id = change.listing.id ?? '';
      const times = seen.get(id) ?? [];
      times.push(performance.now());
      seen.set(id, times);
    });
  }
  return seen;
}

async function measurePropagation(
  publisher: HakkenClient,
  watches: readonly ListingWatch[],
): Promise<number[]> {
  const added = recordTimes(watches, 'added');
  const latencies: number[] = [];
  for (let index = -10; index < publishCount; index += 1) {
    const id = `propagation-${index}`;
    const startedAt = performance.now();
    const publication = publisher.publish({ service: 'bench', host: '127.0.0.1:1', protocol: 'http', id });
    await waitFor(`${id} to reach every watcher`, () => (added.get(id)?.length ?? 0) === watches.length);
    // The first ten warm the code paths up and are not counted.
    if (index >= 0) latencies.push(Math.max(...(added.get(id) ?? [])) - startedAt);
    await publication.close();
  }
  return latencies;
}

async function measureDetection(
  coordinator: CoordinatorProcess,
  watches: readonly ListingWatch[],
): Promise<number[]> {
  const removed = recordTimes(watches, 'removed');
  const lastHeartbeats = new Map<string, number>();
  for (let trial = 0; trial < detectionTrials; trial += 1) {
    const id = `detection-${trial}`;
    // One publish and then silence, as from a process that died; spread over an interval so
    // that the trials meet the coordinator's expiry sweep at different moments.
    const response = await fetch(`${coordinator.url}/v1/listings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SERVER_SECRET_HEADER]: serverSecret },
      body: JSON.stringify({ service: 'bench', host: '127.0.0.1:2', protocol: 'http', id }),
    });
    lastHeartbeats.set(id, performance.now());
    if (response.status !== 200) throw new Error(`publish answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, heartbeatIntervalMs / detectionTrials));
  }
  await waitFor('every watcher to see every removal', () =>
    [...lastHeartbeats.keys()].every((id) => (removed.get(id)?.length ?? 0) === watches.length),
  );
  return [...lastHeartbeats].map(([id, at]) => Math.max(...(removed.get(id) ?? [])) - at);
}

/** The original design, computed: each watcher polls at its own phase of the interval. */
function originalPolling(pollLatencyMs: number): { propagation: number[]; detection: number[] } {
  const random = seededRandom(7);
  const lastOfWatchers = (delay: () => number) =>
    Math.max(...Array.from({ length: watcherCount }, () => delay() + pollLatencyMs));
  const propagation = Array.from({ length: publishCount }, () =>
    lastOfWatchers(() => random() * originalPollMs),
  );
  const detection = Array.from({ length: publishCount }, () => {
    const dropped = allowedMisses * originalHeartbeatMs + random() * originalHeartbeatMs;
    return dropped + lastOfWatchers(() => random() * originalPollMs);
  });
  return { propagation, detection };
}

async function measurePollLatency(coordinator: CoordinatorProcess): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < 50; index += 1) {
    const startedAt = performance.now();
    await (await fetch(`${coordinator.url}/v1/listings/bench`)).json();
    samples.push(performance.now() - startedAt);
  }
  return percentile(samples, 0.5);
}

const benchmark: Benchmark = {
  name: 'hakken propagation',
  async run(): Promise<BenchReport> {
    const ports = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
    const hosts = ports.map((port) => `127.0.0.1:${port}`);
    const coordinators = await Promise.all(
      hosts.map((_host, index) =>
        startCoordinatorProcess({
          port: ports[index] ?? 0,
          peers: [hosts[(index + 1) % hosts.length] ?? ''],
          serverSecret,
          heartbeatIntervalMs,
          allowedMisses,
        }),
      ),
    );
    const clients: HakkenClient[] = [];
    try {
      const urls = coordinators.map((coordinator) => coordinator.url);
      // Watchers spread over the three coordinators; the publisher talks to the first only,
      // so two thirds of the watchers see the change after one replication hop.
      const watches = Array.from({ length: watcherCount }, (_unused, index) => {
        const client = createHakkenClient({ coordinators: [urls[index % urls.length] ?? ''], serverSecret });
        clients.push(client);
        return client.watch('bench');
      });
      await Promise.all(watches.map((watch) => watch.ready));
      const publisher = createHakkenClient({ coordinators: [urls[0] ?? ''], serverSecret });
      clients.push(publisher);
      const first = coordinators[0];
      if (first === undefined) throw new Error('no coordinator');

      const propagation = await measurePropagation(publisher, watches);
      const detection = await measureDetection(first, watches);
      const original = originalPolling(await measurePollLatency(first));
      const expiryMs = heartbeatIntervalMs * allowedMisses;

      const propagationRow = (label: string, fraction: number): BenchRow => {
        const value = percentile(propagation, fraction);
        const anchor = percentile(original.propagation, fraction);
        return {
          metric: `propagation ${label}, publish → all ${watcherCount} watchers (3 coordinators)`,
          value,
          unit: 'ms',
          anchor: { name: 'original hakken polling (computed)', value: anchor },
          ratio: anchor / value,
          aim:
            fraction === 0.99
              ? 'p99 < 50 ms; ratio = polling ÷ pushed, higher is better'
              : 'ratio = polling ÷ pushed',
        };
      };
      const worstDetection = Math.max(...detection);
      return {
        benchmark: 'hakken-propagation',
        rows: [
          propagationRow('p50', 0.5),
          propagationRow('p99', 0.99),
          {
            metric: `failure detection, last heartbeat → all ${watcherCount} watchers see it gone (worst of ${detectionTrials})`,
            value: worstDetection,
            unit: 'ms',
            anchor: {
              name: `configured expiry ${heartbeatIntervalMs} ms × ${allowedMisses}`,
              value: expiryMs,
            },
            ratio: worstDetection / expiryMs,
            aim: `≤ ${((expiryMs + heartbeatIntervalMs) / expiryMs).toFixed(2)} (expiry + one interval)`,
          },
          {
            metric: 'failure detection, original hakken polling (computed, p50)',
            value: percentile(original.detection, 0.5),
            unit: 'ms',
            anchor: { name: 'hakken failure detection (worst measured)', value: worstDetection },
            ratio: percentile(original.detection, 0.5) / worstDetection,
            aim: 'ratio = original ÷ hakken, higher is better',
          },
        ],
        notes: [
          `pushed numbers are measured on loopback: ${publishCount} publishes, each awaited at all ${watcherCount} SSE watchers, coordinators as separate processes`,
          `the polling anchor is computed, not waited for: each of ${watcherCount} watchers polls every ${originalPollMs / 1000} s at an independent random phase (seeded), plus the measured median GET /v1/listings/:service time; detection adds ${allowedMisses} × ${originalHeartbeatMs / 1000} s of missed heartbeats and a checker phase`,
          `detection trials: ${detectionTrials} listings published once and never renewed, spread over one heartbeat interval`,
        ],
      };
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await Promise.all(coordinators.map((coordinator) => coordinator.stop()));
    }
  },
};

export default benchmark;
