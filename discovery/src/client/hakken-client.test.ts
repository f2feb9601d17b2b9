import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '@tidepool/kit/testing';
import type { Logger } from 'pino';
import { SERVER_SECRET_HEADER, type Listing } from '@tidepool/spec';
import {
  startCoordinator,
  type CoordinatorOptions,
  type RunningCoordinator,
} from '../coordinator/start-coordinator.js';
import { startCuttableProxy } from '../testing/cuttable-proxy.js';
import { waitFor } from '../testing/wait-for.js';
import { createHakkenClient, type HakkenClient } from './hakken-client.js';
import type { WatchChange } from './listing-cache.js';
import type { ListingWatch } from './listing-watch.js';

const serverSecret = 'a-server-secret-of-at-least-32-characters';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function coordinator(options: Partial<CoordinatorOptions> = {}): Promise<RunningCoordinator> {
  const running = await startCoordinator({ serverSecret, ...options });
  cleanups.push(() => running.close());
  return running;
}

function client(
  coordinators: string[],
  options: { heartbeatIntervalMs?: number; staleAfterMs?: number; logger?: Logger } = {},
): HakkenClient {
  const made = createHakkenClient({ coordinators, serverSecret, maximumBackoffMs: 200, ...options });
  cleanups.push(() => made.close());
  return made;
}

/** Every change a watch reports, in order. */
function record(watch: ListingWatch): WatchChange[] {
  const changes: WatchChange[] = [];
  watch.on('change', (change) => changes.push(change));
  return changes;
}

const ids = (listings: readonly Listing[]) => listings.map((listing) => listing.id).sort();
const listing = (id: string): Listing => ({
  service: 'user-api',
  host: '127.0.0.1:9107',
  protocol: 'http',
  id,
});

/** The hosts a coordinator knows, itself included. */
async function knownHosts(hakken: RunningCoordinator): Promise<string[]> {
  const response = await fetch(`${hakken.url}/v1/coordinator`);
  return ((await response.json()) as { host: string }[]).map((peer) => peer.host);
}

/** Two coordinators that know each other. */
async function pair(
  options: Partial<CoordinatorOptions> = {},
): Promise<[RunningCoordinator, RunningCoordinator]> {
  const first = await coordinator(options);
  const second = await coordinator({ ...options, peers: [first.host] });
  let known: string[] = [];
  await waitFor('the first coordinator to learn of the second', () => {
    void knownHosts(first).then((hosts) => (known = hosts));
    return known.includes(second.host);
  });
  return [first, second];
}

describe('hakken client against real coordinators', () => {
  it('sees a listing vanish within interval × misses plus one interval after its heartbeats stop', async () => {
    const intervalMs = 500;
    const expiryMs = intervalMs * 3;
    const [first, second] = await pair({ heartbeatIntervalMs: intervalMs, allowedMisses: 3 });
    const alive = client([first.url], { heartbeatIntervalMs: intervalMs }).publish(listing('alive'));
    await alive.ready;
    const watch = client([second.url]).watch('user-api');
    const changes = record(watch);
    await watch.ready;

    // A publisher that published once and died: no more heartbeats, no removal.
    const published = await fetch(`${first.url}/v1/listings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SERVER_SECRET_HEADER]: serverSecret },
      body: JSON.stringify(listing('stopped')),
    });
    const lastHeartbeatAt = Date.now();
    expect(published.status).toBe(200);
    await waitFor('the watch to see the listing', () => ids(watch.all()).includes('stopped'));
    let removedAt = 0;
    watch.on('change', (change) => {
      if (change.kind === 'removed' && change.listing.id === 'stopped') removedAt = Date.now();
    });
    await waitFor('the watch to see the removal', () => removedAt > 0);

    const silentMs = removedAt - lastHeartbeatAt;
    expect(silentMs).toBeGreaterThanOrEqual(expiryMs - intervalMs / 2);
    expect(silentMs).toBeLessThanOrEqual(expiryMs + intervalMs);
    expect(ids(watch.all())).toEqual(['alive']);
    expect(changes.filter((change) => change.listing.id === 'alive').map((change) => change.kind)).toEqual([
      'added',
    ]);
  });

  it.each([
    ['resumes from the event log', 10_000],
    ['recovers from a snapshot when the event log has moved on', 8],
  ])(
    'ends with exactly the right set after a reconnect during a burst of 200 changes (%s)',
    async (_case, eventLogSize) => {
      const hakken = await coordinator({ eventLogSize });
      const proxy = await startCuttableProxy(hakken.host);
      cleanups.push(() => proxy.close());
      const watch = client([proxy.url]).watch('user-api');
      const changes = record(watch);
      await watch.ready;
      const publisher = client([hakken.url]);

      const live = new Map<string, Awaited<ReturnType<typeof publisher.publish>>>();
      const history: [string, string][] = [];
      for (let step = 0; step < 200; step += 1) {
        if (step === 100) proxy.cut();
        if (step % 3 === 2) {
          const id = `instance-${step - 2}`;
          await live.get(id)?.close();
          live.delete(id);
          history.push(['removed', id]);
        } else {
          const id = `instance-${step}`;
          const publication = publisher.publish(listing(id));
          await publication.ready;
          live.set(id, publication);
          history.push(['added', id]);
        }
      }
      const expected = [...live.keys()].sort();
      await waitFor(
        'the watch to converge',
        () => JSON.stringify(ids(watch.all())) === JSON.stringify(expected),
      );
      expect(proxy.connections()).toBeGreaterThanOrEqual(2);

      // Replaying the reported changes gives the same set, step by step, with no impossible step.
      const replayed = new Set<string>();
      for (const change of changes) {
        const id = change.listing.id ?? '';
        if (change.kind === 'added') expect(replayed.has(id), `added ${id} twice`).toBe(false);
        if (change.kind === 'removed') expect(replayed.has(id), `removed ${id} while absent`).toBe(true);
        if (change.kind === 'added') replayed.add(id);
        if (change.kind === 'removed') replayed.delete(id);
      }
      expect([...replayed].sort()).toEqual(expected);
      const reported = changes.map((change): [string, string] => [change.kind, change.listing.id ?? '']);
      if (eventLogSize > 200) {
        // Resumed without a gap: exactly the publisher's changes, in its order.
        expect(reported).toEqual(history);
      } else {
        // Additions still come in the publisher's order.
        const order = (id: string) => history.findIndex(([kind, other]) => kind === 'added' && other === id);
        const added = reported.filter(([kind]) => kind === 'added').map(([, id]) => order(id));
        expect(added).toEqual([...added].sort((left, right) => left - right));
      }
    },
  );

  it('keeps answering with its age when every coordinator is down, and converges when they return', async () => {
    const options = { heartbeatIntervalMs: 100, allowedMisses: 3 };
    let [first, second] = await pair(options);
    const ports = [first.host, second.host].map((host) => Number(host.split(':')[1]));
    // Each client logs as part of another service (as in shio or styx): its lines name the listing.
    const publisherLogs = captureLogs({ service: 'shio', level: 'info' });
    const watcherLogs = captureLogs({ service: 'styx', level: 'info' });
    const publisher = client([first.url, second.url], {
      heartbeatIntervalMs: 100,
      logger: publisherLogs.logger,
    });
    const alive = publisher.publish(listing('alive'));
    const gone = publisher.publish(listing('gone'));
    await Promise.all([alive.ready, gone.ready]);
    const watch = client([first.url, second.url], {
      staleAfterMs: 500,
      logger: watcherLogs.logger,
    }).watch('user-api');
    const changes = record(watch);
    await waitFor('the watch to see both listings', () => watch.all().length === 2);
    expect(watch.isStale()).toBe(false);

    await Promise.all([first.close(), second.close()]);
    // This one's publisher goes away while no coordinator can hear it.
    await gone.close();
    await waitFor('the watch to turn stale', () => watch.isStale());
    expect(ids(watch.all())).toEqual(['alive', 'gone']);
    expect(watch.age()).toBeGreaterThan(500);
    expect(watch.pick()?.service).toBe('user-api');
    // lines() refuses a line with a key written twice: the writer's `service` is the only one.
    expect(publisherLogs.lines()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service: 'shio',
          listing: 'user-api/alive',
          msg: 'no coordinator took the heartbeat',
        }),
        expect.objectContaining({
          service: 'shio',
          listing: 'user-api/gone',
          msg: 'listing not removed: it expires by itself',
        }),
      ]),
    );
    expect(watcherLogs.lines()).toContainEqual(
      expect.objectContaining({
        service: 'styx',
        watched: 'user-api',
        msg: 'no coordinator reachable: serving the last listings',
      }),
    );

    first = await coordinator({ ...options, port: ports[0] });
    second = await coordinator({ ...options, port: ports[1], peers: [first.host] });
    const fresh = publisher.publish(listing('fresh'));
    await fresh.ready;
    await waitFor('the watch to converge', () => JSON.stringify(ids(watch.all())) === '["alive","fresh"]');
    expect(watch.isStale()).toBe(false);
    expect(changes.some((change) => change.kind === 'removed' && change.listing.id === 'gone')).toBe(true);
  });

  it('publishes draining before leaving, and removes the listing on close', async () => {
    const hakken = await coordinator();
    const watch = client([hakken.url]).watch('user-api');
    const changes = record(watch);
    await watch.ready;
    const publication = client([hakken.url]).publish({
      service: 'user-api',
      host: '127.0.0.1:9107',
      protocol: 'http',
    });
    await publication.ready;
    await publication.drain();
    await waitFor('the watch to see it draining', () => watch.all()[0]?.draining === true);
    expect(watch.pick()).toBeUndefined();
    await publication.close();
    await waitFor('the watch to see it gone', () => watch.all().length === 0);
    expect(changes.map((change) => change.kind)).toEqual(['added', 'updated', 'removed']);
  });

  it('rejects a publication the coordinators refuse', async () => {
    const hakken = await coordinator();
    const logs = captureLogs({ service: 'shio' });
    const wrongSecret = createHakkenClient({
      coordinators: [hakken.url],
      serverSecret: 'x'.repeat(40),
      logger: logs.logger,
    });
    cleanups.push(() => wrongSecret.close());
    await expect(wrongSecret.publish(listing('refused')).ready).rejects.toMatchObject({ status: 401 });
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: 'error', service: 'shio', listing: 'user-api/refused', status: 401 }),
    );
    expect(() => wrongSecret.publish({ service: 'Not A Service', host: 'x:1', protocol: 'http' })).toThrow();
  });
});
