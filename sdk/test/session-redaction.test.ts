// Node's util.inspect is what console.log uses; this test lives outside src/ because src/ must not import Node modules.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ActiveSession } from '../src/session/active-session.js';
import { createClient } from '../src/create-client.js';
import { json, scriptedFetch } from './fake-fetch.js';

describe('session redaction', () => {
  const session = new ActiveSession('a1b2c3d4e5', 'secret-token-value', 0);

  it('gives the token to whoever asks for it by name', () => {
    expect(session.token).toBe('secret-token-value');
  });

  it('shows no token in String, JSON or inspect', () => {
    expect(String(session)).not.toContain('secret-token-value');
    expect(JSON.stringify(session)).toBe('{"userid":"a1b2c3d4e5"}');
    expect(inspect(session)).not.toContain('secret-token-value');
    expect(inspect(session)).toContain('a1b2c3d4e5');
    expect(inspect({ nested: { session } }, { depth: 5 })).not.toContain('secret-token-value');
    expect(Object.keys(session)).not.toContain('token');
  });

  it('shows no token when the client itself is logged', async () => {
    const client = createClient({
      baseUrl: 'https://api.example.org',
      fetch: scriptedFetch(
        json(200, { userid: 'a1b2c3d4e5', emails: [] }, { 'x-tidepool-session-token': 'secret-token-value' }),
      ),
    });
    await client.login('ann', 'password1');
    expect(client.session?.token).toBe('secret-token-value');
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain('secret-token-value');
    expect(String(client)).toBe('TidepoolClient(https://api.example.org)');
    expect(JSON.stringify(client)).not.toContain('secret-token-value');
  });
});
