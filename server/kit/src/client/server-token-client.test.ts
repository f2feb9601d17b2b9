import { describe, expect, it } from 'vitest';
import { isProblemError } from '../http/problem-error.js';
import { GOOD_SECRET, startFakeUserApi } from '../../test-fixtures/fake-user-api.js';
import { createServerTokenClient } from './server-token-client.js';

describe('createServerTokenClient', () => {
  it('logs in once and reuses the token', async () => {
    const { server, state, baseUrl } = await startFakeUserApi();
    await using _server = server;
    const tokens = createServerTokenClient({ baseUrl, serverName: 'metadata', serverSecret: GOOD_SECRET });
    expect(await tokens.getToken()).toBe('server-token-1');
    expect(await tokens.getToken()).toBe('server-token-1');
    expect(state.logins).toBe(1);
  });

  it('shares one login in flight between concurrent callers', async () => {
    const { server, state, baseUrl } = await startFakeUserApi();
    await using _server = server;
    let releaseLogin: () => void = () => undefined;
    state.loginGate = new Promise((resolve) => (releaseLogin = resolve));
    const tokens = createServerTokenClient({ baseUrl, serverName: 'metadata', serverSecret: GOOD_SECRET });
    const callers = Array.from({ length: 5 }, () => tokens.getToken());
    releaseLogin();
    expect(await Promise.all(callers)).toEqual(Array(5).fill('server-token-1'));
    expect(state.logins).toBe(1);
  });

  it('logs in again after the platform refused the token', async () => {
    const { server, state, baseUrl } = await startFakeUserApi();
    await using _server = server;
    const tokens = createServerTokenClient({ baseUrl, serverName: 'metadata', serverSecret: GOOD_SECRET });
    const first = await tokens.getToken();
    tokens.invalidate('some-older-token');
    expect(await tokens.getToken()).toBe(first);
    tokens.invalidate(first);
    expect(await tokens.getToken()).toBe('server-token-2');
    expect(state.logins).toBe(2);
  });

  it('logs in again once the token has lived its lifetime', async () => {
    const { server, state, baseUrl } = await startFakeUserApi();
    await using _server = server;
    const tokens = createServerTokenClient({
      baseUrl,
      serverName: 'metadata',
      serverSecret: GOOD_SECRET,
      lifetimeMilliseconds: 0,
    });
    await tokens.getToken();
    expect(await tokens.getToken()).toBe('server-token-2');
    expect(state.logins).toBe(2);
  });

  it('fails with INTERNAL when the secret is refused and SERVICE_UNAVAILABLE when user-api is unreachable', async () => {
    const { server, baseUrl } = await startFakeUserApi();
    const wrong = createServerTokenClient({ baseUrl, serverName: 'metadata', serverSecret: 'x'.repeat(40) });
    await expect(wrong.getToken()).rejects.toSatisfy(
      (error) => isProblemError(error) && error.code === 'INTERNAL',
    );
    await server.close();
    const unreachable = createServerTokenClient({
      baseUrl,
      serverName: 'metadata',
      serverSecret: GOOD_SECRET,
    });
    await expect(unreachable.getToken()).rejects.toSatisfy(
      (error) => isProblemError(error) && error.code === 'SERVICE_UNAVAILABLE',
    );
  });
});
