import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { startTestPlatform, type TestPlatform, type TestUser } from '../../test-fixtures/test-platform.js';

describe.each(databaseBackends())('the collections of a user on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(async () => {
    await platform.close();
  });

  async function json(response: Response): Promise<Record<string, unknown>> {
    return (await response.json()) as Record<string, unknown>;
  }
  function put(user: TestUser, collection: string, body: unknown) {
    return platform.call('PUT', `/${user.userid}/${collection}`, { token: user.token, body });
  }

  it('answers 404 problem while the user has no such collection', async () => {
    const ann = await platform.newUser();
    const response = await platform.call('GET', `/${ann.userid}/profile`, { token: ann.token });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await json(response)).code).toBe('NOT_FOUND');
  });

  it('merges as RFC 7396 says: null removes a key, nested objects merge, the rest stays', async () => {
    const ann = await platform.newUser();
    const first = await put(ann, 'profile', {
      fullName: 'Ann Example',
      patient: { birthday: '1990-04-12', about: 'likes running', targetDevices: ['a', 'b'] },
    });
    expect(first.status).toBe(200);
    const second = await platform.call('POST', `/${ann.userid}/profile`, {
      token: ann.token,
      body: { patient: { about: null, diagnosisType: 'type1', targetDevices: ['c'] }, nickname: 'Annie' },
    });
    const expected = {
      fullName: 'Ann Example',
      nickname: 'Annie',
      patient: { birthday: '1990-04-12', diagnosisType: 'type1', targetDevices: ['c'] },
    };
    expect(await json(second)).toEqual(expected);
    expect(await json(await platform.call('GET', `/${ann.userid}/profile`, { token: ann.token }))).toEqual(
      expected,
    );
  });

  it('keeps the three collections apart', async () => {
    const ann = await platform.newUser();
    await put(ann, 'preferences', { displayBgUnits: 'mmol/L' });
    await put(ann, 'settings', { siteChangeSource: 'cannulaPrime' });
    const read = (collection: string) =>
      platform.call('GET', `/${ann.userid}/${collection}`, { token: ann.token });
    expect(await json(await read('preferences'))).toEqual({ displayBgUnits: 'mmol/L' });
    expect(await json(await read('settings'))).toEqual({ siteChangeSource: 'cannulaPrime' });
    expect((await read('profile')).status).toBe(404);
  });

  it('refuses a merge that makes the profile invalid with 400 field errors, and stores nothing', async () => {
    const ann = await platform.newUser();
    await put(ann, 'profile', { fullName: 'Ann Example' });
    const response = await put(ann, 'profile', { fullName: 'Ann B.', patient: { birthday: '12/04/1990' } });
    expect(response.status).toBe(400);
    const problem = await json(response);
    expect(problem.code).toBe('VALIDATION_FAILED');
    const errors = problem.errors as { location: string; path: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.location === 'body' && error.path === 'patient.birthday')).toBe(
      true,
    );
    const stored = await platform.call('GET', `/${ann.userid}/profile`, { token: ann.token });
    expect(await json(stored)).toEqual({ fullName: 'Ann Example' });
  });

  it('stores nothing at all when the first write of a profile is invalid', async () => {
    const ann = await platform.newUser();
    expect((await put(ann, 'profile', { fullName: 42 })).status).toBe(400);
    expect((await platform.call('GET', `/${ann.userid}/profile`, { token: ann.token })).status).toBe(404);
  });

  it('loses no update when many merges of one collection run at once', async () => {
    const ann = await platform.newUser();
    const keys = Array.from({ length: 12 }, (_, index) => `key${index}`);
    const answers = await Promise.all(keys.map((key) => put(ann, 'preferences', { [key]: true })));
    expect(answers.map((answer) => answer.status)).toEqual(keys.map(() => 200));
    const stored = await json(await platform.call('GET', `/${ann.userid}/preferences`, { token: ann.token }));
    expect(Object.keys(stored).sort()).toEqual([...keys].sort());
  });

  it('answers 4xx problems to bodies that are not an object, too large, or not JSON', async () => {
    const ann = await platform.newUser();
    const path = `/${ann.userid}/settings`;
    const cases: [string, number][] = [
      ['[1, 2]', 400],
      ['"text"', 400],
      ['null', 400],
      ['{"unclosed": ', 400],
      [JSON.stringify({ huge: 'x'.repeat(2 * 1024 * 1024) }), 413],
    ];
    for (const [rawBody, status] of cases) {
      const response = await platform.call('PUT', path, { token: ann.token, rawBody });
      expect(response.status, rawBody.slice(0, 20)).toBe(status);
      expect((await json(response)).code).toMatch(/^[A-Z_]+$/);
    }
    const text = await platform.call('PUT', path, {
      token: ann.token,
      rawBody: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(text.status).toBe(415);
    expect((await platform.call('GET', path, { token: ann.token })).status).toBe(404);
  });

  it('answers 400 to a bad user id and 404 to a collection that does not exist, private included', async () => {
    const ann = await platform.newUser();
    for (const userid of ['NOT-HEX', 'abc', 'a'.repeat(65)]) {
      const response = await platform.call('GET', `/${userid}/profile`, { token: ann.token });
      expect(response.status, userid).toBe(400);
    }
    for (const collection of ['private', 'data', '..']) {
      for (const method of ['GET', 'PUT']) {
        const response = await platform.call(method, `/${ann.userid}/${collection}`, {
          token: platform.serverToken,
          ...(method === 'PUT' ? { body: { data: null } } : {}),
        });
        expect(response.status, `${method} ${collection}`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(await response.text()).not.toMatch(/"hash"/);
      }
    }
  });

  it('answers 404 problem to a server asking about a user id no account has', async () => {
    const response = await platform.call('GET', `/0123456789/profile`, { token: platform.serverToken });
    expect(response.status).toBe(404);
    expect((await json(response)).detail).toMatch(/No account/);
  });
});
