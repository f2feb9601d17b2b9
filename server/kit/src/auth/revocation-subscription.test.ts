import express from 'express';
import { describe, expect, it } from 'vitest';
import type { RevocationEvent } from '@tidepool/spec';
import { startTestApp } from '../testing/index.js';
import { subscribeToRevocations } from './revocation-subscription.js';

/** A stand-in for user-api's revocation stream: each connection gets the events after its Last-Event-ID. */
async function startStream() {
  const events = [
    'id: 1\ndata: {"sessionId":"s1","revokedAt":"2030-01-01T00:00:00Z"}\n\n',
    'id: 2\ndata: not json\n\n',
    'id: 3\ndata: {"unexpected":true}\n\n',
    `id: 4\ndata: {"tokenHash":"${'a'.repeat(64)}","revokedAt":"2030-01-01T00:00:01Z"}\n\n`,
  ];
  const seen = { lastEventIds: [] as (string | undefined)[], tokens: [] as string[], refuseNext: false };
  const app = express();
  app.get('/sessions/revocations', (request, response) => {
    seen.tokens.push(String(request.headers['x-tidepool-session-token']));
    if (seen.refuseNext) {
      seen.refuseNext = false;
      response.status(401).end();
      return;
    }
    const lastEventId = request.headers['last-event-id'] as string | undefined;
    seen.lastEventIds.push(lastEventId);
    response.setHeader('content-type', 'text/event-stream');
    response.flushHeaders();
    for (const event of events.slice(Number(lastEventId ?? 0))) response.write(event);
    // End the stream after the first connection, so that the client must resume.
    if (lastEventId === undefined) response.end();
  });
  return { server: await startTestApp(app), seen };
}

describe('subscribeToRevocations', () => {
  it('delivers valid events, skips broken ones, and resumes after a break with Last-Event-ID', async () => {
    const { server, seen } = await startStream();
    await using _server = server;
    const received: RevocationEvent[] = [];
    let connections = 0;
    let tokenNumber = 0;
    const invalidated: string[] = [];
    seen.refuseNext = false;
    const subscription = subscribeToRevocations({
      baseUrl: () => server.url,
      tokens: {
        getToken: () => Promise.resolve(`server-token-${(tokenNumber += 1)}`),
        invalidate: (token) => invalidated.push(token),
      },
      fetch,
      onRevocation: (event) => received.push(event),
      onConnected: () => (connections += 1),
      retryMilliseconds: 10,
    });
    while (connections < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.close();
    expect(received).toEqual([
      { sessionId: 's1', revokedAt: '2030-01-01T00:00:00Z' },
      { tokenHash: 'a'.repeat(64), revokedAt: '2030-01-01T00:00:01Z' },
    ]);
    expect(seen.lastEventIds).toEqual([undefined, '4']);
    expect(invalidated).toEqual([]);
  });

  it('renews its server token when the stream refuses it', async () => {
    const { server, seen } = await startStream();
    await using _server = server;
    seen.refuseNext = true;
    const invalidated: string[] = [];
    let connected = false;
    let tokenNumber = 0;
    const subscription = subscribeToRevocations({
      baseUrl: () => server.url,
      tokens: {
        getToken: () => Promise.resolve(`server-token-${tokenNumber}`),
        invalidate: (token) => {
          invalidated.push(token);
          tokenNumber += 1;
        },
      },
      fetch,
      onRevocation: () => undefined,
      onConnected: () => (connected = true),
      retryMilliseconds: 10,
    });
    while (!connected) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.close();
    expect(invalidated).toEqual(['server-token-0']);
    expect(seen.tokens.slice(0, 2)).toEqual(['server-token-0', 'server-token-1']);
  });
});
