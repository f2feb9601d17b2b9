import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRemoteTokenChecker,
  createServerTokenClient,
  createServiceApp,
  getCaller,
  type TokenChecker,
} from '@tidepool/kit';
import { databaseBackends, silentLogger, startTestApp } from '@tidepool/kit/testing';
import { publicRoute } from '@tidepool/spec';
import { send, signUp, startUserApiFixture, type UserApiFixture } from '../testing/index.js';

const c = initContract();
/** Another service: one route that needs a user's token. */
const otherContract = c.router({
  whoAmI: {
    method: 'GET',
    path: '/whoami',
    responses: { 200: z.object({ userid: z.string() }) },
    metadata: publicRoute('user'),
  },
});

async function startOtherService(tokenChecker: TokenChecker) {
  const { app } = createServiceApp({
    service: 'other',
    version: '1.0.0',
    contract: otherContract,
    handlers: {
      whoAmI: ({ req }) => {
        const caller = getCaller(req);
        return Promise.resolve({
          status: 200 as const,
          body: { userid: caller.isServer ? '' : caller.userid },
        });
      },
    },
    config: {
      NODE_ENV: 'test',
      BODY_LIMIT: '1kb',
      SERVER_SECRET: 'an-unused-secret-of-at-least-32-characters',
    },
    logger: silentLogger(),
    tokenChecker,
  });
  return startTestApp(app);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMilliseconds: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMilliseconds;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe.each(databaseBackends())('a logout reaching another service on %s', (backend) => {
  let fixture: UserApiFixture;
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend);
  });
  afterAll(async () => {
    await fixture.close();
  });

  function checker(revocations: boolean, clock: { now: number }) {
    const tokens = createServerTokenClient({
      baseUrl: () => fixture.url,
      serverName: 'other',
      serverSecret: fixture.config.SERVER_SECRET,
    });
    return createRemoteTokenChecker({
      baseUrl: () => fixture.url,
      tokens,
      revocations,
      now: () => clock.now,
    });
  }

  it('refuses a logged-out token once its cached answer is one second old, even without the stream', async () => {
    // The clock stands still unless the test moves it: only the cache lifetime can end the answer.
    const clock = { now: 1_000_000 };
    await using tokenChecker = checker(false, clock);
    await using other = await startOtherService(tokenChecker);
    const { token, user } = await signUp(fixture);
    const whoAmI = () => send({ url: other.url }, 'GET', '/whoami', { token });
    expect(await (await whoAmI()).json()).toEqual({ userid: user.userid });
    await send(fixture, 'POST', '/logout', { token });
    expect((await whoAmI()).status).toBe(200);
    clock.now += 1000;
    expect((await whoAmI()).status).toBe(401);
  });

  it('drops the cached answer as soon as the revocation stream announces the logout', async () => {
    const clock = { now: 1_000_000 };
    await using tokenChecker = checker(true, clock);
    await using other = await startOtherService(tokenChecker);
    const { token } = await signUp(fixture);
    const whoAmI = () => send({ url: other.url }, 'GET', '/whoami', { token });
    expect((await whoAmI()).status).toBe(200);
    // The first check opened the stream; wait until it is connected before logging out.
    await waitUntil(() => Promise.resolve(fixture.userApi.context.revocations.streamCount() > 0), 5000);
    await send(fixture, 'POST', '/logout', { token });
    // With the clock frozen the cache would answer 200 for ever: only the stream can end it.
    expect(await waitUntil(async () => (await whoAmI()).status === 401, 5000)).toBe(true);
  });

  it('replays revocations after Last-Event-ID to a stream that resumes', async () => {
    const server = (
      await fetch(`${fixture.url}/serverlogin`, {
        method: 'POST',
        headers: {
          'x-tidepool-server-name': 'other',
          'x-tidepool-server-secret': fixture.config.SERVER_SECRET,
        },
      })
    ).headers.get('x-tidepool-session-token');
    const { token } = await signUp(fixture);
    const sessions = (await (await send(fixture, 'GET', '/sessions', { token })).json()) as { id: string }[];
    await send(fixture, 'POST', '/logout', { token });
    const response = await fetch(`${fixture.url}/sessions/revocations`, {
      headers: { 'x-tidepool-session-token': server ?? '', 'last-event-id': '0' },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body?.getReader();
    let text = '';
    while (reader !== undefined && !text.includes(sessions[0]?.id ?? 'never')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader?.cancel();
    expect(text).toMatch(new RegExp(`id: \\d+\\ndata: \\{"sessionId":"${sessions[0]?.id ?? ''}"`));
  });
});
