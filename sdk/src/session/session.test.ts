import { describe, expect, it, vi } from 'vitest';
import { fakeClock, json, problem, scriptedFetch } from '../../test/fake-fetch.js';
import type { Responder } from '../../test/fake-fetch.js';
import { createClient } from '../create-client.js';
import { UnauthorizedError } from '../errors/tidepool-error.js';
import type { ClientOptions } from '../options/client-options.js';
import type { SessionChange } from './session-manager.js';
import type { SessionStorage } from './session-storage.js';

const baseUrl = 'https://api.example.org';
const annId = 'a1b2c3d4e5';
const ann = {
  userid: annId,
  username: 'ann',
  emails: ['ann@example.com'],
  emailVerified: true,
  createdTime: '2024-01-01T00:00:00.000Z',
};
const tokenHeader = 'x-tidepool-session-token';

function loggedIn(token = 'token-1'): Responder {
  return json(200, ann, { [tokenHeader]: token });
}

function memoryStorage(initial: string | null = null): SessionStorage & { values: (string | null)[] } {
  const values: (string | null)[] = [];
  let current = initial;
  return {
    values,
    get: () => Promise.resolve(current),
    set: (value) => {
      values.push(value);
      current = value;
      return Promise.resolve();
    },
  };
}

function client(responders: Responder[], options: Partial<ClientOptions> = {}) {
  const fetch = scriptedFetch(...responders);
  const clock = fakeClock();
  const changes: SessionChange[] = [];
  const tidepool = createClient({
    baseUrl,
    fetch,
    clock,
    onSessionChange: (change) => changes.push(change),
    ...options,
  });
  return { tidepool, fetch, clock, changes };
}

describe('sessions', () => {
  it('logs in with HTTP Basic, keeps the token and reports the new session', async () => {
    const { tidepool, fetch, changes } = client([loggedIn()]);
    const user = await tidepool.login('ann@example.com', 'pässword');
    expect(user.userid).toBe(annId);
    const request = fetch.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${baseUrl}/auth/login`);
    expect(request.headers.get('authorization')).toBe(
      `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode('ann@example.com:pässword')))}`,
    );
    expect(request.headers.has(tokenHeader)).toBe(false);
    expect(tidepool.session?.userid).toBe(annId);
    expect(tidepool.session?.token).toBe('token-1');
    expect(changes.map((change) => change.reason)).toEqual(['login']);
  });

  it('sends the token on every authenticated call', async () => {
    const { tidepool, fetch } = client([loggedIn(), json(200, ann), json(200, [])]);
    await tidepool.login('ann', 'password1');
    await tidepool.auth.getCurrentUser();
    await tidepool.data.query(annId, { type: 'cbg' });
    expect(fetch.requests[1]?.headers.get(tokenHeader)).toBe('token-1');
    expect(fetch.requests[2]?.headers.get(tokenHeader)).toBe('token-1');
    expect(fetch.requests[2]?.url).toBe(`${baseUrl}/data/${annId}?type=cbg`);
  });

  it('keeps the signup session and never sends an old token to signup', async () => {
    const { tidepool, fetch, changes } = client([
      loggedIn('old'),
      json(201, { ...ann, userid: 'f0f0f0f0f0' }, { [tokenHeader]: 'new' }),
    ]);
    await tidepool.login('ann', 'password1');
    await tidepool.signup({ emails: ['bob@example.com'], password: 'password2' });
    expect(fetch.requests[1]?.headers.has(tokenHeader)).toBe(false);
    expect(JSON.parse(fetch.requests[1]?.body ?? '')).toEqual({
      emails: ['bob@example.com'],
      password: 'password2',
    });
    expect(tidepool.session?.userid).toBe('f0f0f0f0f0');
    expect(tidepool.session?.token).toBe('new');
    expect(changes.map((change) => change.reason)).toEqual(['login', 'signup']);
  });

  it('keeps a fresh token that an answer carries', async () => {
    const { tidepool, changes } = client([loggedIn(), json(200, ann, { [tokenHeader]: 'token-2' })]);
    await tidepool.login('ann', 'password1');
    await tidepool.auth.getCurrentUser();
    expect(tidepool.session?.token).toBe('token-2');
    expect(changes.map((change) => change.reason)).toEqual(['login', 'refresh']);
  });

  it('clears the session when an authenticated call answers 401', async () => {
    const storage = memoryStorage();
    const { tidepool, changes } = client([loggedIn(), problem(401, 'UNAUTHORIZED')], { storage });
    await tidepool.login('ann', 'password1');
    await expect(tidepool.auth.getCurrentUser()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(tidepool.session).toBeNull();
    expect(changes.map((change) => change.reason)).toEqual(['login', 'expired']);
    expect(changes[1]?.session).toBeNull();
    await vi.waitFor(() => {
      expect(storage.values.at(-1)).toBeNull();
    });
  });

  it('keeps the session when a login attempt with wrong credentials answers 401', async () => {
    const { tidepool } = client([loggedIn(), problem(401, 'UNAUTHORIZED')]);
    await tidepool.login('ann', 'password1');
    await expect(tidepool.login('ann', 'wrong')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(tidepool.session?.token).toBe('token-1');
  });

  it('refreshes the token before a call once it is older than refreshAfterMs', async () => {
    const { tidepool, fetch, clock, changes } = client(
      [loggedIn(), json(200, { userid: annId }, { [tokenHeader]: 'token-2' }), json(200, ann)],
      { refreshAfterMs: 60_000 },
    );
    await tidepool.login('ann', 'password1');
    clock.advance(60_001);
    await tidepool.auth.getCurrentUser();
    expect(fetch.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /auth/login',
      'GET /auth/login',
      'GET /auth/user',
    ]);
    expect(fetch.requests[1]?.headers.get(tokenHeader)).toBe('token-1');
    expect(fetch.requests[2]?.headers.get(tokenHeader)).toBe('token-2');
    expect(changes.map((change) => change.reason)).toEqual(['login', 'refresh']);
  });

  it('does not refresh a token younger than refreshAfterMs', async () => {
    const { tidepool, fetch, clock } = client([loggedIn(), json(200, ann)], { refreshAfterMs: 60_000 });
    await tidepool.login('ann', 'password1');
    clock.advance(59_000);
    await tidepool.auth.getCurrentUser();
    expect(fetch.requests).toHaveLength(2);
  });

  it('refreshes once for calls made together', async () => {
    const { tidepool, fetch, clock } = client(
      [
        loggedIn(),
        json(200, { userid: annId }, { [tokenHeader]: 'token-2' }),
        json(200, ann),
        json(200, ann),
      ],
      { refreshAfterMs: 1000 },
    );
    await tidepool.login('ann', 'password1');
    clock.advance(5000);
    await Promise.all([tidepool.auth.getCurrentUser(), tidepool.auth.getCurrentUser()]);
    const refreshes = fetch.requests.filter(
      (request) => request.method === 'GET' && request.url.endsWith('/auth/login'),
    );
    expect(refreshes).toHaveLength(1);
    expect(fetch.requests.slice(2).map((request) => request.headers.get(tokenHeader))).toEqual([
      'token-2',
      'token-2',
    ]);
  });

  it('keeps the old token when a refresh fails for a reason other than 401', async () => {
    const { tidepool, fetch, clock } = client([loggedIn(), problem(500, 'INTERNAL'), json(200, ann)], {
      refreshAfterMs: 1000,
    });
    await tidepool.login('ann', 'password1');
    clock.advance(5000);
    await expect(tidepool.auth.getCurrentUser()).resolves.toMatchObject({ userid: annId });
    expect(fetch.requests[2]?.headers.get(tokenHeader)).toBe('token-1');
    expect(tidepool.session?.token).toBe('token-1');
  });

  it('ends the session when the refresh answers 401, without sending the call', async () => {
    const { tidepool, fetch, clock, changes } = client([loggedIn(), problem(401, 'UNAUTHORIZED')], {
      refreshAfterMs: 1000,
    });
    await tidepool.login('ann', 'password1');
    clock.advance(5000);
    await expect(tidepool.auth.getCurrentUser()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(fetch.requests).toHaveLength(2);
    expect(tidepool.session).toBeNull();
    expect(changes.map((change) => change.reason)).toEqual(['login', 'expired']);
  });

  it('stores the session and restores it in a new client', async () => {
    const storage = memoryStorage();
    const first = client([loggedIn()], { storage });
    await first.tidepool.login('ann', 'password1');
    await vi.waitFor(() => {
      expect(storage.values).toHaveLength(1);
    });
    expect(storage.values[0]).toContain('token-1');

    const second = client([json(200, ann)], { storage });
    expect(second.tidepool.session).toBeNull();
    await second.tidepool.auth.getCurrentUser();
    expect(second.fetch.requests[0]?.headers.get(tokenHeader)).toBe('token-1');
    expect(second.tidepool.session?.userid).toBe(annId);
  });

  it('reads a synchronous storage adapter such as localStorage through loadSession', async () => {
    const stored = JSON.stringify({
      userid: annId,
      token: 'kept',
      obtainedAt: Date.parse('2024-05-01T08:00:00Z'),
    });
    const { tidepool } = client([], { storage: { get: () => stored, set: () => undefined } });
    const session = await tidepool.loadSession();
    expect(session?.token).toBe('kept');
  });

  it('ignores a stored value it cannot read', async () => {
    const { tidepool } = client([], { storage: { get: () => 'not json', set: () => undefined } });
    expect(await tidepool.loadSession()).toBeNull();
  });

  it('logs out on the server, forgets the session and clears the storage', async () => {
    const storage = memoryStorage();
    const { tidepool, fetch, changes } = client([loggedIn(), () => new Response(null, { status: 200 })], {
      storage,
    });
    await tidepool.login('ann', 'password1');
    await tidepool.logout();
    expect(fetch.requests[1]?.url).toBe(`${baseUrl}/auth/logout`);
    expect(fetch.requests[1]?.headers.get(tokenHeader)).toBe('token-1');
    expect(tidepool.session).toBeNull();
    expect(changes.map((change) => change.reason)).toEqual(['login', 'logout']);
    await vi.waitFor(() => {
      expect(storage.values).toEqual([expect.stringContaining('token-1'), null]);
    });
  });

  it('forgets the session even when logout fails, and says so', async () => {
    const { tidepool } = client([loggedIn(), problem(500, 'INTERNAL')]);
    await tidepool.login('ann', 'password1');
    await expect(tidepool.logout()).rejects.toMatchObject({ status: 500 });
    expect(tidepool.session).toBeNull();
  });

  it('sends nothing to log out when there is no session', async () => {
    const { tidepool, fetch } = client([]);
    await tidepool.logout();
    expect(fetch.requests).toHaveLength(0);
  });
});
