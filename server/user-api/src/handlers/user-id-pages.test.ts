import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { send, serverToken, signUp, startUserApiFixture, type UserApiFixture } from '../testing/index.js';

interface Page {
  userids: string[];
  next?: string;
}

describe.each(databaseBackends())('GET /internal/users on %s', (backend) => {
  let fixture: UserApiFixture;
  let token: string;
  const signedUp: string[] = [];
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend, { env: { REQUESTS_PER_ADDRESS: '10000' } });
    token = await serverToken(fixture, 'metadata');
    for (let index = 0; index < 5; index += 1) signedUp.push((await signUp(fixture)).user.userid);
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function page(query: string): Promise<Page> {
    const response = await send(fixture, 'GET', `/internal/users${query}`, { token });
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  }

  it('walks every account once, in ascending order, a page at a time', async () => {
    const walked: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { userids, next } = await page(`?limit=2${after === undefined ? '' : `&after=${after}`}`);
      expect(userids.length).toBeLessThanOrEqual(2);
      walked.push(...userids);
      if (next === undefined) break;
      expect(next).toBe(userids.at(-1));
      after = next;
    }
    expect(walked).toEqual([...signedUp].sort());
  });

  it('answers ids only, and no next page after the last one', async () => {
    const everything = await page('?limit=1000');
    expect(Object.keys(everything)).toEqual(['userids']);
    expect(everything.userids.every((userid) => /^[0-9a-f]{10}$/.test(userid))).toBe(true);
  });

  it('leaves out deleted accounts', async () => {
    const [deleted] = signedUp;
    const response = await send(fixture, 'DELETE', `/user/${deleted ?? ''}`, { token, body: {} });
    expect(response.status).toBe(204);
    expect((await page('?limit=1000')).userids).not.toContain(deleted);
  });

  it('answers 400 for a bad cursor or limit', async () => {
    for (const query of ['?after=NOT-AN-ID', '?limit=0', '?limit=1001', '?limit=many', '?surprise=1']) {
      const response = await send(fixture, 'GET', `/internal/users${query}`, { token });
      expect(response.status, query).toBe(400);
    }
  });
});
