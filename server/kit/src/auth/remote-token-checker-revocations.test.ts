import { createHash } from 'node:crypto';
import type { Response as ExpressResponse } from 'express';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { staticServerTokens, startTestApp } from '../testing/index.js';
import { createRemoteTokenChecker } from './remote-token-checker.js';

const ANN = 'user-token-of-ann-0123456789';
const BOB = 'user-token-of-bob-0123456789';

/** A user-api stand-in whose revocation stream the test writes to. */
async function startFakeUserApi() {
  const state = { checks: 0, streams: [] as ExpressResponse[], nextEventId: 1 };
  const owners: Record<string, { userid: string; sessionId: string }> = {
    [ANN]: { userid: 'a1b2c3d4e5', sessionId: 'session-ann' },
    [BOB]: { userid: 'b1b2c3d4e5', sessionId: 'session-bob' },
  };
  const app = express();
  app.get('/token/:token', (request, response) => {
    state.checks += 1;
    const owner = owners[request.params.token];
    if (owner === undefined) response.status(404).end();
    else response.json({ ...owner, isserver: false, expiresTime: '2030-01-01T00:00:00Z' });
  });
  app.get('/sessions/revocations', (_request, response) => {
    response.setHeader('content-type', 'text/event-stream');
    response.flushHeaders();
    state.streams.push(response);
  });
  const server = await startTestApp(app);
  const announce = (event: Record<string, string>) => {
    const text = `id: ${state.nextEventId++}\ndata: ${JSON.stringify({ ...event, revokedAt: '2030-01-01T00:00:00Z' })}\n\n`;
    for (const stream of state.streams) stream.write(text);
  };
  const close = async () => {
    for (const stream of state.streams) stream.end();
    await server.close();
  };
  return { url: server.url, state, announce, close };
}

async function eventually(condition: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe('createRemoteTokenChecker with revocations', () => {
  it('drops the cached answers of a revoked session or token at once, and only those', async () => {
    const fake = await startFakeUserApi();
    // A frozen clock: without the stream, cached answers would never expire.
    await using checker = createRemoteTokenChecker({
      baseUrl: () => fake.url,
      tokens: staticServerTokens('server-token-0123456789'),
      revocations: true,
      now: () => 1_000_000,
    });
    try {
      await checker.check(ANN);
      expect(await eventually(() => Promise.resolve(fake.state.streams.length === 1))).toBe(true);
      await checker.check(ANN);
      await checker.check(BOB);
      const asked = fake.state.checks;
      await checker.check(ANN);
      await checker.check(BOB);
      expect(fake.state.checks).toBe(asked);

      fake.announce({ sessionId: 'session-ann' });
      expect(await eventually(async () => (await checker.check(ANN), fake.state.checks === asked + 1))).toBe(
        true,
      );
      await checker.check(BOB);
      expect(fake.state.checks).toBe(asked + 1);

      fake.announce({ tokenHash: createHash('sha256').update(BOB).digest('hex') });
      expect(await eventually(async () => (await checker.check(BOB), fake.state.checks === asked + 2))).toBe(
        true,
      );
    } finally {
      await checker.close();
      await fake.close();
    }
  });
});
