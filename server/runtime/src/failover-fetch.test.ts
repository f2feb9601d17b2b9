import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '@tidepool/kit/testing';
import { createHakkenClient, startCoordinator } from '@tidepool/hakken';
import { failoverFetch, wasRefused } from './failover-fetch.js';
import { hakkenServiceLocator, type FailoverServiceLocator } from './service-locator.js';

const SECRET = 'a-server-secret-of-at-least-32-characters!';

/** An HTTP server that answers each request with its method, path and body, and counts them. */
async function echoServer(): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push(`${request.method ?? ''} ${request.url ?? ''} ${body}`);
      response.end(JSON.stringify({ answeredBy: 'live' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

/** A locator whose `refused` answers `next` once and records what was refused. */
function scriptedLocator(next: string | undefined): FailoverServiceLocator & { refusedUrls: string[] } {
  const refusedUrls: string[] = [];
  return Object.assign(() => () => Promise.reject(new Error('not used')), {
    refusedUrls,
    refused: (url: string) => {
      refusedUrls.push(url);
      return Promise.resolve(next);
    },
  });
}

describe('failoverFetch', () => {
  it('sends a refused POST to the instance the locator offers, with its path, query and body', async () => {
    const live = await echoServer();
    const deadUrl = `http://127.0.0.1:${await findFreePort()}`;
    const locator = scriptedLocator(live.url);
    try {
      const response = await failoverFetch(locator)(`${deadUrl}/permissions/a?full=1`, {
        method: 'POST',
        body: '{"view":{}}',
      });
      expect(await response.json()).toEqual({ answeredBy: 'live' });
      expect(locator.refusedUrls).toEqual([deadUrl]);
      expect(live.requests).toEqual(['POST /permissions/a?full=1 {"view":{}}']);
    } finally {
      live.server.close();
    }
  });

  it('passes a reset on without sending the request again: the instance may have acted on it', async () => {
    const resetting = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const locator = scriptedLocator('http://127.0.0.1:1');
    try {
      const url = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}/notes`;
      const error: unknown = await failoverFetch(locator)(url, { method: 'POST', body: 'note' }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(wasRefused(error)).toBe(false);
      expect(locator.refusedUrls).toEqual([]);
    } finally {
      resetting.close();
    }
  });

  it('sends an idempotent request again after its connection broke', async () => {
    let seen = 0;
    const flaky = createServer((request, response) => {
      seen += 1;
      if (seen === 1) request.socket.destroy();
      else response.end('second');
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/token`;
      const response = await failoverFetch(scriptedLocator(undefined))(url);
      expect(await response.text()).toBe('second');
      expect(seen).toBe(2);
    } finally {
      flaky.close();
    }
  });

  it('rejects with the refusal when the service has no other instance', async () => {
    const deadUrl = `http://127.0.0.1:${await findFreePort()}`;
    const error: unknown = await failoverFetch(scriptedLocator(undefined))(`${deadUrl}/x`).catch(
      (caught: unknown) => caught,
    );
    expect(wasRefused(error)).toBe(true);
  });
});

describe('hakkenServiceLocator after a refusal', () => {
  it('offers the other instance and passes over the refused one while it is still listed', async () => {
    await using coordinator = await startCoordinator({ serverSecret: SECRET, heartbeatIntervalMs: 200 });
    const publisher = createHakkenClient({ coordinators: [coordinator.url], serverSecret: SECRET });
    const reader = createHakkenClient({ coordinators: [coordinator.url], serverSecret: SECRET });
    const live = await echoServer();
    const deadHost = `127.0.0.1:${await findFreePort()}`;
    try {
      // A killed instance: still listed (its heartbeats go on here), refusing connections.
      await publisher.publish({ service: 'access', host: deadHost, protocol: 'http' }).ready;
      const locator = hakkenServiceLocator(reader);
      const accessUrl = locator('access');
      expect(await accessUrl()).toBe(`http://${deadHost}`);
      await publisher.publish({ service: 'access', host: new URL(live.url).host, protocol: 'http' }).ready;
      await expect.poll(() => accessUrl(), { timeout: 5000, interval: 10 }).toBe(live.url);

      const response = await failoverFetch(locator)(`http://${deadHost}/permissions`);
      expect(await response.json()).toEqual({ answeredBy: 'live' });
      const lookups = await Promise.all(Array.from({ length: 20 }, () => accessUrl()));
      expect(new Set(lookups)).toEqual(new Set([live.url]));
    } finally {
      live.server.close();
      await publisher.close();
      await reader.close();
    }
  });
});
