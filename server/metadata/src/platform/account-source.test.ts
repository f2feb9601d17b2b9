import { describe, expect, it } from 'vitest';
import { createPair, isProblemError, type Pair } from '@tidepool/kit';
import { staticServerTokens } from '@tidepool/kit/testing';
import { createUserApiAccountSource } from './account-source.js';

const tokens = staticServerTokens('server-token-0123456789');
const baseUrl = () => Promise.resolve('http://user-api.test');

/** A user-api stand-in over a table of pairs, counting the pair requests. */
function fakeUserApi(pairs: Map<string, Pair>, fail = false) {
  const calls: string[] = [];
  const fetchFunction = ((input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push(url.pathname + url.search);
    if (fail) return Promise.reject(new TypeError('fetch failed'));
    const json = (status: number, body: unknown) =>
      Promise.resolve(
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
      );
    const userid = /^\/private\/([0-9a-f]+)\/meta$/.exec(url.pathname)?.[1];
    if (userid !== undefined) {
      const pair = pairs.get(userid);
      return pair === undefined ? json(404, { code: 'NOT_FOUND' }) : json(200, pair);
    }
    if (url.pathname === '/internal/users') return json(200, { userids: ['aaaaaaaaaa'], next: 'aaaaaaaaaa' });
    return json(500, {});
  }) as typeof fetch;
  return { fetch: fetchFunction, calls };
}

describe('createUserApiAccountSource', () => {
  it('keeps a pair in memory for a minute at most, then asks again', async () => {
    const pair = createPair();
    const { fetch, calls } = fakeUserApi(new Map([['aaaaaaaaaa', pair]]));
    let clock = 0;
    const source = createUserApiAccountSource({
      baseUrl,
      tokens,
      fetch,
      now: () => clock,
      cacheMilliseconds: 3_600_000,
    });
    expect(await source.metaPairOf('aaaaaaaaaa')).toEqual(pair);
    clock = 59_999;
    await source.metaPairOf('aaaaaaaaaa');
    expect(calls).toHaveLength(1);
    clock = 60_000;
    await source.metaPairOf('aaaaaaaaaa');
    expect(calls).toHaveLength(2);
  });

  it('answers undefined for an unknown user, and never remembers that', async () => {
    const pairs = new Map<string, Pair>();
    const { fetch, calls } = fakeUserApi(pairs);
    const source = createUserApiAccountSource({ baseUrl, tokens, fetch });
    expect(await source.metaPairOf('bbbbbbbbbb')).toBeUndefined();
    pairs.set('bbbbbbbbbb', createPair());
    expect(await source.metaPairOf('bbbbbbbbbb')).toEqual(pairs.get('bbbbbbbbbb'));
    expect(calls).toHaveLength(2);
  });

  it('holds at most cacheSize pairs, dropping the oldest, and forgets on request', async () => {
    const pairs = new Map(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'].map((userid) => [userid, createPair()]));
    const { fetch, calls } = fakeUserApi(pairs);
    const source = createUserApiAccountSource({ baseUrl, tokens, fetch, cacheSize: 2 });
    for (const userid of ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc', 'cccccccccc', 'bbbbbbbbbb'])
      await source.metaPairOf(userid);
    expect(calls).toHaveLength(3);
    await source.metaPairOf('aaaaaaaaaa');
    expect(calls).toHaveLength(4);
    source.forget('aaaaaaaaaa');
    await source.metaPairOf('aaaaaaaaaa');
    expect(calls).toHaveLength(5);
  });

  it('turns an unreachable user-api into a 503 problem naming it', async () => {
    const source = createUserApiAccountSource({ baseUrl, tokens, fetch: fakeUserApi(new Map(), true).fetch });
    const error: unknown = await source.metaPairOf('aaaaaaaaaa').catch((caught: unknown) => caught);
    expect(isProblemError(error) && error.status).toBe(503);
    expect(isProblemError(error) && error.detail).toMatch(/user-api/);
  });

  it('asks for a page of account ids after a cursor', async () => {
    const { fetch, calls } = fakeUserApi(new Map());
    const source = createUserApiAccountSource({ baseUrl, tokens, fetch });
    expect(await source.listUserIds('0000000000', 5)).toEqual({
      userids: ['aaaaaaaaaa'],
      next: 'aaaaaaaaaa',
    });
    expect(calls).toEqual(['/internal/users?limit=5&after=0000000000']);
  });
});
