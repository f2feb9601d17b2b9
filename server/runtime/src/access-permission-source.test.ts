import { describe, expect, it } from 'vitest';
import { isProblemError } from '@tidepool/kit';
import { staticServerTokens } from '@tidepool/kit/testing';
import { fakeFetch, json } from '../test-fixtures/fake-fetch.js';
import { createAccessPermissionSource } from './access-permission-source.js';

const tokens = staticServerTokens('server-token-0123456789');
const baseUrl = () => Promise.resolve('http://access.test');
const patient = 'aaaaaaaaaa';
const clinician = 'bbbbbbbbbb';

describe('createAccessPermissionSource', () => {
  it('answers root for oneself without asking access', async () => {
    const { fetch, calls } = fakeFetch(() => json(500, {}));
    const source = createAccessPermissionSource({ baseUrl, tokens, fetch });
    expect(await source.permissionsOf(patient, patient)).toEqual({ root: {} });
    expect(calls).toEqual([]);
  });

  it('answers what access holds, and nothing when access answers 404', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      url.pathname === `/${patient}/${clinician}` ? json(200, { view: {}, note: {} }) : json(404, {}),
    );
    const source = createAccessPermissionSource({ baseUrl, tokens, fetch });
    expect(await source.permissionsOf(patient, clinician)).toEqual({ view: {}, note: {} });
    expect(await source.permissionsOf(clinician, patient)).toEqual({});
    expect(calls).toEqual([`/${patient}/${clinician}`, `/${clinician}/${patient}`]);
  });

  it('reuses an answer within the cache lifetime and asks again after it', async () => {
    let clock = 0;
    let permissions: object = { view: {} };
    const { fetch, calls } = fakeFetch(() => json(200, permissions));
    const source = createAccessPermissionSource({ baseUrl, tokens, fetch, now: () => clock });
    expect(await source.permissionsOf(patient, clinician)).toEqual({ view: {} });
    permissions = { upload: {} };
    clock = 999;
    expect(await source.permissionsOf(patient, clinician)).toEqual({ view: {} });
    clock = 1000;
    expect(await source.permissionsOf(patient, clinician)).toEqual({ upload: {} });
    expect(calls).toHaveLength(2);
  });

  it('turns a failing or unreachable access into a 503 problem', async () => {
    const failing = createAccessPermissionSource({
      baseUrl,
      tokens,
      fetch: fakeFetch(() => json(500, {})).fetch,
    });
    const malformed = createAccessPermissionSource({
      baseUrl,
      tokens,
      fetch: fakeFetch(() => json(200, { view: true, everything: {} })).fetch,
    });
    const refused = createAccessPermissionSource({
      baseUrl,
      tokens,
      fetch: fakeFetch(() => Promise.reject(new TypeError('fetch failed'))).fetch,
    });
    for (const source of [failing, malformed, refused]) {
      const error: unknown = await source
        .permissionsOf(patient, clinician)
        .catch((caught: unknown) => caught);
      expect(isProblemError(error) && error.status).toBe(503);
      expect(isProblemError(error) && error.detail).toMatch(/access/);
    }
  });
});
