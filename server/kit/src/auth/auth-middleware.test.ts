import { describe, expect, it } from 'vitest';
import {
  createNotesApp,
  SERVER_SECRET,
  SERVER_TOKEN,
  USER_ID,
  USER_TOKEN,
} from '../../test-fixtures/notes-app.js';
import { startTestApp } from '../testing/index.js';

type Credential = 'nothing' | 'unknown token' | 'user token' | 'server token' | 'secret' | 'wrong secret';

const HEADERS: Record<Credential, Record<string, string>> = {
  nothing: {},
  'unknown token': { 'x-tidepool-session-token': 'not-a-known-token-at-all' },
  'user token': { 'x-tidepool-session-token': USER_TOKEN },
  'server token': { 'x-tidepool-session-token': SERVER_TOKEN },
  secret: { 'x-tidepool-server-secret': SERVER_SECRET },
  'wrong secret': { 'x-tidepool-server-secret': `${SERVER_SECRET}x` },
};

/** Each auth kind, reached through a route of the test contract, and the status each credential gets. */
const MATRIX: { auth: string; method: string; path: string; expected: Record<Credential, number> }[] = [
  {
    auth: 'none',
    method: 'GET',
    path: '/hello',
    expected: {
      nothing: 200,
      'unknown token': 200,
      'user token': 200,
      'server token': 200,
      secret: 200,
      'wrong secret': 200,
    },
  },
  {
    auth: 'user',
    method: 'GET',
    path: '/notes/0123456789',
    expected: {
      nothing: 401,
      'unknown token': 401,
      'user token': 200,
      'server token': 200,
      secret: 401,
      'wrong secret': 401,
    },
  },
  {
    auth: 'server',
    method: 'GET',
    path: '/internal/notes',
    expected: {
      nothing: 401,
      'unknown token': 401,
      'user token': 403,
      'server token': 200,
      secret: 401,
      'wrong secret': 401,
    },
  },
  {
    auth: 'secret',
    method: 'POST',
    path: '/publish',
    expected: {
      nothing: 401,
      'unknown token': 401,
      'user token': 401,
      'server token': 401,
      secret: 200,
      'wrong secret': 401,
    },
  },
];

describe('the auth middleware', () => {
  for (const row of MATRIX) {
    it(`enforces auth "${row.auth}" for every kind of credential`, async () => {
      await using server = await startTestApp(createNotesApp().app);
      const statuses: Record<string, number> = {};
      for (const credential of Object.keys(HEADERS) as Credential[]) {
        const response = await fetch(server.url + row.path, {
          method: row.method,
          headers: HEADERS[credential],
        });
        statuses[credential] = response.status;
        if (response.status >= 400) {
          expect(((await response.json()) as { code: string }).code).toBe(
            response.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
          );
        } else {
          await response.body?.cancel();
        }
      }
      expect(statuses).toEqual(row.expected);
    });
  }

  it('lets a basic route through to its handler, which reads the credentials', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const basic = Buffer.from('ann@example.org:pass:word').toString('base64');
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ identifier: 'ann@example.org' });
  });

  it('gives handlers the caller: the user id of a user token, the name of a server token', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const asUser = await fetch(`${server.url}/notes/0123456789`, { headers: HEADERS['user token'] });
    expect(((await asUser.json()) as { text: string }).text).toBe(USER_ID);
    const asServer = await fetch(`${server.url}/notes/0123456789`, { headers: HEADERS['server token'] });
    expect(((await asServer.json()) as { text: string }).text).toBe('metadata');
  });
});
