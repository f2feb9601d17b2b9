import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@tidepool/kit/testing';
import type { Listing } from '@tidepool/spec';
import { createHakkenClient, type HakkenClient } from './client/hakken-client.js';
import type { WatchChange } from './client/listing-cache.js';
import { startCoordinatorProcess, type CoordinatorProcess } from './testing/coordinator-process.js';
import { waitFor } from './testing/wait-for.js';

// Three coordinator processes, seeded in a ring (A knows B, B knows C, C knows A), so that each
// learns the third by gossip. A is killed with SIGKILL and started again.
const serverSecret = 'a-server-secret-of-at-least-32-characters';
// Generous enough that a loaded CI machine never expires a listing whose heartbeats fail over.
const timing = { heartbeatIntervalMs: 500, allowedMisses: 4 };
const clients: HakkenClient[] = [];
const processes: CoordinatorProcess[] = [];
let hosts: [string, string, string];

function client(coordinators: string[]): HakkenClient {
  const made = createHakkenClient({
    coordinators,
    serverSecret,
    heartbeatIntervalMs: timing.heartbeatIntervalMs,
    maximumBackoffMs: 200,
  });
  clients.push(made);
  return made;
}

async function start(index: 0 | 1 | 2): Promise<CoordinatorProcess> {
  const started = await startCoordinatorProcess({
    ...timing,
    port: Number(hosts[index].split(':')[1]),
    peers: [hosts[(index + 1) % 3] ?? ''],
    serverSecret,
  });
  processes.push(started);
  return started;
}

async function knowsAll(coordinator: CoordinatorProcess): Promise<boolean> {
  try {
    const known = (await (await fetch(`${coordinator.url}/v1/coordinator`)).json()) as { host: string }[];
    return hosts.every((host) => known.some((entry) => entry.host === host));
  } catch {
    return false;
  }
}

async function waitForMesh(coordinators: CoordinatorProcess[]): Promise<void> {
  let meshed = false;
  await waitFor('every coordinator to know the others', () => {
    void Promise.all(coordinators.map(knowsAll)).then((answers) => (meshed = answers.every(Boolean)));
    return meshed;
  });
}

const ids = (listings: readonly Listing[]) => listings.map((listing) => listing.id).sort();
const listing = (id: string): Listing => ({
  service: 'user-api',
  host: '127.0.0.1:9107',
  protocol: 'http',
  id,
});

beforeAll(async () => {
  const ports = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
  hosts = [`127.0.0.1:${ports[0]}`, `127.0.0.1:${ports[1]}`, `127.0.0.1:${ports[2]}`];
});

afterAll(async () => {
  await Promise.all(clients.map((made) => made.close()));
  await Promise.all(processes.map((running) => running.kill()));
});

describe('three coordinators', () => {
  it('share listings, survive the loss of one, and let it catch up when it returns', async () => {
    const [first, second, third] = await Promise.all([start(0), start(1), start(2)]);
    await waitForMesh([first, second, third]);

    const publisher = client([first.url, second.url, third.url]);
    const watchSecond = client([second.url]).watch('user-api');
    const watchThird = client([third.url]).watch('user-api');
    const watchAny = client([first.url, second.url, third.url]).watch('user-api');
    const watches = [watchSecond, watchThird, watchAny];
    const removals: WatchChange[] = [];
    for (const watch of watches)
      watch.on('change', (change) => change.kind === 'removed' && removals.push(change));

    await publisher.publish(listing('before')).ready;
    await waitFor('the watchers of the other coordinators to see it', () =>
      watches.every((watch) => ids(watch.all()).includes('before')),
    );

    await first.kill();
    await publisher.publish(listing('during')).ready;
    await waitFor('every watcher to see the listing published after the kill', () =>
      watches.every((watch) => JSON.stringify(ids(watch.all())) === '["before","during"]'),
    );
    // Heartbeats went on through another coordinator: nothing expired meanwhile.
    await new Promise((resolve) =>
      setTimeout(resolve, timing.heartbeatIntervalMs * timing.allowedMisses * 2),
    );
    expect(watches.map((watch) => ids(watch.all()))).toEqual(watches.map(() => ['before', 'during']));
    expect(removals).toEqual([]);

    const restarted = await start(0);
    const caughtUp = (await (await fetch(`${restarted.url}/v1/listings`)).json()) as { listings: Listing[] };
    expect(ids(caughtUp.listings)).toEqual(['before', 'during']);
    await waitForMesh([restarted, second, third]);
    await client([restarted.url]).publish(listing('after')).ready;
    await waitFor('the others to see a listing published through the restarted one', () =>
      [watchSecond, watchThird].every((watch) => ids(watch.all()).includes('after')),
    );
    const watchRestarted = client([restarted.url]).watch('user-api');
    await watchRestarted.ready;
    expect(ids(watchRestarted.all())).toEqual(['after', 'before', 'during']);

    // SIGTERM with a watch stream open: the stream is ended, the server closes, exit code 0.
    expect(await restarted.stop()).toBe(0);
  }, 60_000);
});
