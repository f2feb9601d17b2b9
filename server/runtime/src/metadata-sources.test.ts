import { describe, expect, it } from 'vitest';
import { createPair, isProblemError } from '@tidepool/kit';
import { staticServerTokens } from '@tidepool/kit/testing';
import { fakeFetch, json } from '../test-fixtures/fake-fetch.js';
import { createMetadataPairSource, createMetadataProfileNameSource } from './metadata-sources.js';

const tokens = staticServerTokens('server-token-0123456789');
const baseUrl = () => Promise.resolve('http://metadata.test');
const known = 'aaaaaaaaaa';
const unknown = 'cccccccccc';

describe('createMetadataPairSource', () => {
  it('answers the pair metadata holds and keeps it in memory for the cache lifetime', async () => {
    const pair = createPair();
    let clock = 0;
    const { fetch, calls } = fakeFetch((url) =>
      url.pathname === `/internal/users/${known}/pairs/data` ? json(200, pair) : json(404, {}),
    );
    const source = createMetadataPairSource({ baseUrl, tokens, fetch, now: () => clock });
    expect(await source.pairOf(known, 'data')).toEqual(pair);
    clock = 59_999;
    await source.pairOf(known, 'data');
    expect(calls).toHaveLength(1);
    clock = 60_000;
    await source.pairOf(known, 'data');
    expect(calls).toHaveLength(2);
  });

  it('rejects with a 404 problem when no account has the id', async () => {
    const source = createMetadataPairSource({ baseUrl, tokens, fetch: fakeFetch(() => json(404, {})).fetch });
    const error: unknown = await source.pairOf(unknown, 'messages').catch((caught: unknown) => caught);
    expect(isProblemError(error) && error.status).toBe(404);
  });

  it('never answers a pair that is not one (a broken metadata gives a 503, not a bad key)', async () => {
    const source = createMetadataPairSource({
      baseUrl,
      tokens,
      fetch: fakeFetch(() => json(200, { id: 'short', hash: 'nope' })).fetch,
    });
    const error: unknown = await source.pairOf(known, 'data').catch((caught: unknown) => caught);
    expect(isProblemError(error) && error.status).toBe(503);
  });
});

describe('createMetadataProfileNameSource', () => {
  it('answers the full name, or nothing when there is no profile or no name', async () => {
    const { fetch } = fakeFetch((url) => {
      if (url.pathname === `/${known}/profile`) return json(200, { fullName: 'Ann Example', patient: {} });
      if (url.pathname === `/dddddddddd/profile`) return json(200, { about: 'x' });
      return json(404, { messages: [] });
    });
    const source = createMetadataProfileNameSource({ baseUrl, tokens, fetch });
    expect(await source.fullNameOf(known)).toBe('Ann Example');
    expect(await source.fullNameOf('dddddddddd')).toBeUndefined();
    expect(await source.fullNameOf(unknown)).toBeUndefined();
  });
});
