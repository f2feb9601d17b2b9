import { describe, expect, it } from 'vitest';
import { GOOD_SECRET, startFakeUserApi } from '../../test-fixtures/fake-user-api.js';
import { createServerTokenClient } from '../client/server-token-client.js';
import { isProblemError } from '../http/problem-error.js';
import { createRemoteTokenChecker } from './remote-token-checker.js';

const ANN = 'user-token-of-ann-0123';

async function setUp(cacheMilliseconds?: number, cacheSize?: number) {
  const fake = await startFakeUserApi();
  const clock = { now: 1_000_000 };
  const tokens = createServerTokenClient({
    baseUrl: fake.baseUrl,
    serverName: 'metadata',
    serverSecret: GOOD_SECRET,
  });
  const checker = createRemoteTokenChecker({
    baseUrl: fake.baseUrl,
    tokens,
    now: () => clock.now,
    ...(cacheSize === undefined ? {} : { cacheSize }),
    ...(cacheMilliseconds === undefined ? {} : { cacheMilliseconds }),
  });
  return { ...fake, checker, clock };
}

describe('createRemoteTokenChecker', () => {
  it("answers the owner of a user's token and null for an unknown one", async () => {
    const { server, checker } = await setUp();
    await using _server = server;
    expect(await checker.check(ANN)).toEqual({ isServer: false, userid: 'a1b2c3d4e5', sessionId: 's1' });
    expect(await checker.check('user-token-unknown-0123')).toBeNull();
  });

  it('reuses answers, known and unknown, for at most a second', async () => {
    const { server, state, checker, clock } = await setUp();
    await using _server = server;
    await checker.check(ANN);
    await checker.check('user-token-unknown-0123');
    clock.now += 999;
    await checker.check(ANN);
    await checker.check('user-token-unknown-0123');
    expect(state.tokenChecks).toBe(2);
    clock.now += 1;
    await checker.check(ANN);
    await checker.check('user-token-unknown-0123');
    expect(state.tokenChecks).toBe(4);
  });

  it('keeps at most cacheSize answers, dropping the oldest', async () => {
    const { server, state, checker } = await setUp(1000, 1);
    await using _server = server;
    await checker.check(ANN);
    await checker.check('user-token-unknown-0123');
    await checker.check('user-token-unknown-0123');
    await checker.check(ANN);
    expect(state.tokenChecks).toBe(3);
  });

  it('asks again every time when caching is off', async () => {
    const { server, state, checker } = await setUp(0);
    await using _server = server;
    await checker.check(ANN);
    await checker.check(ANN);
    expect(state.tokenChecks).toBe(2);
  });

  it('refuses a cache longer than one second', () => {
    expect(() =>
      createRemoteTokenChecker({
        baseUrl: () => '',
        tokens: { getToken: () => Promise.resolve(''), invalidate: () => undefined },
        cacheMilliseconds: 1001,
      }),
    ).toThrow(/cacheMilliseconds/);
  });

  it('renews its own server token when user-api refuses it', async () => {
    const { server, state, checker } = await setUp(0);
    await using _server = server;
    await checker.check(ANN);
    state.revoked.add('server-token-1');
    expect(await checker.check(ANN)).toMatchObject({ userid: 'a1b2c3d4e5' });
    expect(state.logins).toBe(2);
  });

  it('answers null for implausible tokens without asking', async () => {
    const { server, state, checker } = await setUp();
    await using _server = server;
    expect(await checker.check('short')).toBeNull();
    expect(await checker.check('x'.repeat(513))).toBeNull();
    expect(state.tokenChecks).toBe(0);
  });

  it('fails with SERVICE_UNAVAILABLE when user-api fails, rather than calling the token invalid', async () => {
    const { server, checker } = await setUp();
    await using _server = server;
    await expect(checker.check('user-token-breaks-0123')).rejects.toSatisfy(
      (error) => isProblemError(error) && error.code === 'SERVICE_UNAVAILABLE',
    );
  });
});
