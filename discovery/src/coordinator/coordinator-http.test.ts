import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProblemSchema, SERVER_SECRET_HEADER, type WatchEvent } from '@tidepool/spec';
import { captureLogs } from '@tidepool/kit/testing';
import { startCoordinator, type RunningCoordinator } from './start-coordinator.js';

const serverSecret = 'a-server-secret-of-at-least-32-characters';
const listing = { service: 'user-api', host: '127.0.0.1:9107', protocol: 'http' };

let coordinator: RunningCoordinator;
beforeEach(async () => {
  coordinator = await startCoordinator({ serverSecret, heartbeatIntervalMs: 1000, eventLogSize: 5 });
});
afterEach(async () => {
  await coordinator.close();
});

function publish(body: unknown, secret: string | null = serverSecret): Promise<Response> {
  return fetch(`${coordinator.url}/v1/listings`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { [SERVER_SECRET_HEADER]: secret }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectProblem(response: Response, status: number): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = ProblemSchema.parse(await response.json());
  expect(problem.status).toBe(status);
}

async function storedListings(): Promise<unknown[]> {
  const response = await fetch(`${coordinator.url}/v1/listings`);
  return ((await response.json()) as { listings: unknown[] }).listings;
}

/** Reads a watch stream's first `count` events, then hangs up. */
async function readEvents(
  query: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<WatchEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${coordinator.url}/v1/watch?${query}`, {
    headers,
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (response.body ?? new ReadableStream<Uint8Array>()).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = () =>
    [...text.matchAll(/^data: (.*)$/gm)].map((match) => JSON.parse(match[1] ?? '') as WatchEvent);
  while (events().length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return events().slice(0, count);
}

describe('coordinator over HTTP', () => {
  it('stores a listing published with the secret, keeping its extra fields', async () => {
    const response = await publish({ ...listing, machine: 'blue', slot: { name: 'one' } });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { id: string; expiresInMs: number };
    expect(result.expiresInMs).toBe(3000);
    const byService = (await (await fetch(`${coordinator.url}/v1/listings/user-api`)).json()) as unknown[];
    expect(byService).toEqual([{ ...listing, machine: 'blue', slot: { name: 'one' }, id: result.id }]);
  });

  it('answers 401 problem and stores nothing when the secret is missing or wrong', async () => {
    await expectProblem(await publish(listing, null), 401);
    await expectProblem(await publish(listing, 'not-the-secret-but-just-as-long-as-it'), 401);
    expect(await storedListings()).toEqual([]);
  });

  it('answers 401 problem to gossip, replication and removal without the secret', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${coordinator.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await expectProblem(await post('/v1/coordinator', { host: '127.0.0.1:1', protocol: 'http' }), 401);
    await expectProblem(
      await post('/v1/replicate', {
        from: 'x',
        events: [{ kind: 'upsert', version: 1, listing: { ...listing, id: 'a' } }],
      }),
      401,
    );
    await expectProblem(await fetch(`${coordinator.url}/v1/listings/user-api/a`, { method: 'DELETE' }), 401);
    expect(await storedListings()).toEqual([]);
  });

  it('answers 400 problem and stores nothing for malformed listings', async () => {
    await expectProblem(await publish({ service: 'user-api', protocol: 'http' }), 400);
    await expectProblem(await publish({ ...listing, service: 'User API' }), 400);
    await expectProblem(await publish({ ...listing, protocol: 'gopher' }), 400);
    await expectProblem(await publish({ ...listing, host: 'no-port' }), 400);
    await expectProblem(await publish('{"service": "user-api",'), 400);
    expect(await storedListings()).toEqual([]);
  });

  it('answers 413 problem and stores nothing for oversized listings', async () => {
    await expectProblem(await publish({ ...listing, padding: 'x'.repeat(20 * 1024) }), 413);
    await expectProblem(await publish({ ...listing, padding: 'x'.repeat(200 * 1024) }), 413);
    expect(await storedListings()).toEqual([]);
  });

  it('opens a watch with a snapshot that names the coordinator', async () => {
    await publish({ ...listing, id: 'one' });
    await publish({ ...listing, service: 'metadata', id: 'two' });
    const [first] = await readEvents('service=user-api', 1);
    expect(first).toMatchObject({ kind: 'snapshot', coordinator: coordinator.id, listings: [{ id: 'one' }] });
  });

  it('resumes after a version it can replay, from `since` or `Last-Event-ID`', async () => {
    await publish({ ...listing, id: 'one' });
    const [snapshot] = await readEvents('service=user-api', 1);
    await publish({ ...listing, id: 'two' });
    await fetch(`${coordinator.url}/v1/listings/user-api/one`, {
      method: 'DELETE',
      headers: { [SERVER_SECRET_HEADER]: serverSecret },
    });
    const since = String(snapshot?.version);
    const fromQuery = await readEvents(`service=user-api&since=${since}&coordinator=${coordinator.id}`, 3);
    expect(fromQuery.map((event) => [event.kind, 'listing' in event ? event.listing.id : undefined])).toEqual(
      [
        ['resume', undefined],
        ['upsert', 'two'],
        ['remove', 'one'],
      ],
    );
    const fromHeader = await readEvents('service=user-api', 3, { 'last-event-id': since });
    expect(fromHeader.map((event) => event.kind)).toEqual(['resume', 'upsert', 'remove']);
  });

  it('answers a snapshot to a resume from another coordinator or beyond its event log', async () => {
    await publish({ ...listing, id: 'one' });
    const [snapshot] = await readEvents('service=user-api', 1);
    const since = String(snapshot?.version);
    const [otherCoordinator] = await readEvents(`since=${since}&coordinator=another-coordinator`, 1);
    expect(otherCoordinator?.kind).toBe('snapshot');
    for (let index = 0; index < 6; index += 1) await publish({ ...listing, id: `extra-${index}` });
    const [tooOld] = await readEvents(`since=${since}&coordinator=${coordinator.id}`, 1);
    expect(tooOld).toMatchObject({ kind: 'snapshot' });
    expect(tooOld?.kind === 'snapshot' ? tooOld.listings.length : 0).toBe(7);
  });

  it('answers 400 problem to a watch of a malformed service name', async () => {
    await expectProblem(await fetch(`${coordinator.url}/v1/watch?service=user-api,Bad!`), 400);
  });
});

describe('coordinator log', () => {
  it('says when an instance arrives, starts draining or leaves, and not at each heartbeat', async () => {
    const logs = captureLogs({ service: 'hakken', level: 'info' });
    await using logged = await startCoordinator({
      serverSecret,
      heartbeatIntervalMs: 1000,
      logger: logs.logger,
    });
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${logged.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', [SERVER_SECRET_HEADER]: serverSecret },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const published = { ...listing, machine: 'blue-machine' };

    const { id } = (await (await send('POST', '/v1/listings', published)).json()) as { id: string };
    for (let beat = 0; beat < 3; beat += 1) await send('POST', '/v1/listings', { ...published, id });
    await send('POST', '/v1/listings', { ...published, id, draining: true });
    await send('DELETE', `/v1/listings/user-api/${id}`);

    const news = logs
      .lines()
      .filter((line) => String(line.msg).startsWith('listing'))
      .map((line) => [line.msg, line.listing]);
    const instance = { service: 'user-api', id, host: '127.0.0.1:9107' };
    expect(news).toEqual([
      ['listing stored', { ...instance, draining: false }],
      ['listing stored', { ...instance, draining: true }],
      ['listing removed', { ...instance, draining: true }],
    ]);
    // Heartbeats are routine: no line of their own at info.
    expect(logs.lines().filter((line) => line.route === 'publishListing')).toEqual([]);
    expect(logs.text()).not.toContain('blue-machine');
  });
});
