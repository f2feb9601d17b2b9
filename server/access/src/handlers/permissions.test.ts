import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { send, serverToken } from '@tidepool/user-api/testing';
import { grant, newUser, startAccessFixture, type AccessFixture } from '../testing/index.js';

const UNKNOWN_USER = 'ffffffffff';

describe.each(databaseBackends())('the permission routes on %s', (backend) => {
  let fixture: AccessFixture;
  beforeAll(async () => {
    fixture = await startAccessFixture(backend);
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function read(token: string, path: string) {
    const response = await send(fixture, 'GET', path, { token });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it('counts every user as root on their own data, in both directions', async () => {
    const owner = await newUser(fixture);
    expect(await read(owner.token, `/${owner.userid}`)).toEqual({
      status: 200,
      body: { [owner.userid]: { root: {} } },
    });
    expect(await read(owner.token, `/groups/${owner.userid}`)).toEqual({
      status: 200,
      body: { [owner.userid]: { root: {} } },
    });
    expect(await read(owner.token, `/${owner.userid}/${owner.userid}`)).toEqual({
      status: 200,
      body: { root: {} },
    });
  });

  it('lists a grant on both sides: among the grantees of the owner and the groups of the grantee', async () => {
    const owner = await newUser(fixture);
    const clinician = await newUser(fixture);
    await grant(fixture, owner.token, owner.userid, clinician.userid, { view: {}, note: {} });
    expect((await read(owner.token, `/${owner.userid}`)).body).toEqual({
      [owner.userid]: { root: {} },
      [clinician.userid]: { view: {}, note: {} },
    });
    expect((await read(clinician.token, `/groups/${clinician.userid}`)).body).toEqual({
      [clinician.userid]: { root: {} },
      [owner.userid]: { view: {}, note: {} },
    });
    expect(await read(clinician.token, `/${owner.userid}/${clinician.userid}`)).toEqual({
      status: 200,
      body: { view: {}, note: {} },
    });
  });

  it('replaces permissions rather than merging them, and answers what is now held', async () => {
    const owner = await newUser(fixture);
    const grantee = await newUser(fixture);
    await grant(fixture, owner.token, owner.userid, grantee.userid, { view: {}, upload: {} });
    const replaced = await send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, {
      token: owner.token,
      body: { note: {} },
    });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toEqual({ note: {} });
    expect((await read(owner.token, `/${owner.userid}/${grantee.userid}`)).body).toEqual({ note: {} });
  });

  it('removes permissions with {} and then answers 404 problem for them', async () => {
    const owner = await newUser(fixture);
    const grantee = await newUser(fixture);
    await grant(fixture, owner.token, owner.userid, grantee.userid, { view: {} });
    const removed = await send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, {
      token: owner.token,
      body: {},
    });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({});
    const after = await read(owner.token, `/${owner.userid}/${grantee.userid}`);
    expect(after).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await read(owner.token, `/${owner.userid}`)).body).toEqual({ [owner.userid]: { root: {} } });
  });

  it('lets a grantee remove themself but not change their own permissions', async () => {
    const owner = await newUser(fixture);
    const grantee = await newUser(fixture);
    await grant(fixture, owner.token, owner.userid, grantee.userid, { view: {} });
    const widened = await send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, {
      token: grantee.token,
      body: { view: {}, upload: {} },
    });
    expect(widened.status).toBe(403);
    expect((await read(owner.token, `/${owner.userid}/${grantee.userid}`)).body).toEqual({ view: {} });
    const left = await send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, {
      token: grantee.token,
      body: {},
    });
    expect(left.status).toBe(200);
    expect((await read(owner.token, `/${owner.userid}/${grantee.userid}`)).status).toBe(404);
  });

  it('lets a custodian and an admin grant, and refuses a viewer with 403 problem', async () => {
    const owner = await newUser(fixture);
    const custodian = await newUser(fixture);
    const admin = await newUser(fixture);
    const viewer = await newUser(fixture);
    const newcomer = await newUser(fixture);
    await grant(fixture, owner.token, owner.userid, custodian.userid, { custodian: {} });
    await grant(fixture, owner.token, owner.userid, admin.userid, { admin: {} });
    await grant(fixture, owner.token, owner.userid, viewer.userid, { view: {} });
    await grant(fixture, custodian.token, owner.userid, newcomer.userid, { view: {} });
    await grant(fixture, admin.token, owner.userid, newcomer.userid, { upload: {} });
    const refused = await send(fixture, 'POST', `/${owner.userid}/${newcomer.userid}`, {
      token: viewer.token,
      body: { view: {} },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await read(owner.token, `/${owner.userid}/${newcomer.userid}`)).body).toEqual({ upload: {} });
  });

  it('refuses to grant root, or to change a user’s permissions on their own data, with 400 problem', async () => {
    const owner = await newUser(fixture);
    const grantee = await newUser(fixture);
    const root = await send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, {
      token: owner.token,
      body: { root: {} },
    });
    expect(root.status).toBe(400);
    const problem = (await root.json()) as { code: string; detail: string };
    expect(problem.code).toBe('BAD_REQUEST');
    expect(problem.detail).toContain('root');
    const own = await send(fixture, 'POST', `/${owner.userid}/${owner.userid}`, {
      token: owner.token,
      body: { view: {} },
    });
    expect(own.status).toBe(400);
    expect((await read(owner.token, `/${owner.userid}/${grantee.userid}`)).status).toBe(404);
  });

  it('answers 404 problem when granting to or on a user id no account has', async () => {
    const owner = await newUser(fixture);
    const server = await serverToken(fixture.userApi, 'metadata');
    const toUnknown = await send(fixture, 'POST', `/${owner.userid}/${UNKNOWN_USER}`, {
      token: owner.token,
      body: { view: {} },
    });
    expect(toUnknown.status).toBe(404);
    expect(await toUnknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    const onUnknown = await send(fixture, 'POST', `/${UNKNOWN_USER}/${owner.userid}`, {
      token: server,
      body: { view: {} },
    });
    expect(onUnknown.status).toBe(404);
    expect((await read(server, `/groups/${owner.userid}`)).body).toEqual({ [owner.userid]: { root: {} } });
  });

  it('lets a server read and set anyone’s permissions', async () => {
    const owner = await newUser(fixture);
    const grantee = await newUser(fixture);
    const server = await serverToken(fixture.userApi, 'data');
    await grant(fixture, server, owner.userid, grantee.userid, { upload: {} });
    expect(await read(server, `/${owner.userid}/${grantee.userid}`)).toEqual({
      status: 200,
      body: { upload: {} },
    });
  });

  it('answers 400 problem for malformed ids and bodies', async () => {
    const owner = await newUser(fixture);
    const grantee = await newUser(fixture);
    const cases = [
      send(fixture, 'GET', '/NOT-AN-ID', { token: owner.token }),
      send(fixture, 'GET', `/${owner.userid}/abc`, { token: owner.token }),
      send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, {
        token: owner.token,
        body: { view: {}, fly: {} },
      }),
      send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, {
        token: owner.token,
        body: { view: true },
      }),
      send(fixture, 'POST', `/${owner.userid}/${grantee.userid}`, { token: owner.token, body: ['view'] }),
      fetch(`${fixture.url}/${owner.userid}/${grantee.userid}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tidepool-session-token': owner.token },
        body: '{"view":',
      }),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { status: number; code: string };
      expect(problem.status).toBe(400);
      expect(problem.code).toMatch(/^[A-Z_]+$/);
    }
    expect((await read(owner.token, `/${owner.userid}/${grantee.userid}`)).status).toBe(404);
  });
});
