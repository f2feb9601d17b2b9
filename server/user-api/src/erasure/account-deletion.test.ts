import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { RunningServer } from '@tidepool/kit';
import { captureLogs, databaseBackends, startTestApp, type CapturedLogs } from '@tidepool/kit/testing';
import { emails, erasureSteps, sessions, users } from '../db/schema.js';
import {
  logIn,
  send,
  serverToken,
  signUp,
  startUserApiFixture,
  type UserApiFixture,
} from '../testing/index.js';

/** Stand-ins for the services that erase users: they record each call and answer as told. */
async function startErasingServices(names: readonly string[]) {
  const calls: { service: string; userid: string; token: string }[] = [];
  const answers = new Map<string, number>(names.map((name) => [name, 204]));
  const servers = new Map<string, RunningServer>();
  for (const name of names) {
    const app = express();
    app.delete('/internal/users/:userid', (request, response) => {
      calls.push({
        service: name,
        userid: request.params.userid,
        token: String(request.headers['x-tidepool-session-token']),
      });
      response.status(answers.get(name) ?? 500).end();
    });
    servers.set(name, await startTestApp(app));
  }
  return {
    calls,
    answers,
    resolve: (service: string) => servers.get(service)?.url,
    close: () => Promise.all([...servers.values()].map((server) => server.close())),
  };
}

describe.each(databaseBackends())('deleting an account on %s', (backend) => {
  let fixture: UserApiFixture;
  let services: Awaited<ReturnType<typeof startErasingServices>>;
  let logs: CapturedLogs;
  beforeAll(async () => {
    services = await startErasingServices(['access', 'data', 'metadata']);
    logs = captureLogs({ service: 'user-api', level: 'info' });
    fixture = await startUserApiFixture(backend, {
      logger: logs.logger,
      env: { ERASE_SERVICES: 'metadata,access,data' },
      dependencies: { resolveService: services.resolve },
    });
  });
  afterAll(async () => {
    await fixture.close();
    await services.close();
  });

  it('needs the password from a user, and answers 403 when it is wrong', async () => {
    const { token, user } = await signUp(fixture);
    expect((await send(fixture, 'DELETE', '/user', { token, body: {} })).status).toBe(403);
    expect(
      (await send(fixture, 'DELETE', '/user', { token, body: { password: 'not it at all' } })).status,
    ).toBe(403);
    expect((await send(fixture, 'GET', `/user/${user.userid}`, { token })).status).toBe(200);
  });

  it('removes the account, its addresses and sessions at once, and keeps the pair for servers until metadata erased', async () => {
    const { identity, token, user } = await signUp(fixture);
    const server = await serverToken(fixture);
    const pair: unknown = await (
      await send(fixture, 'GET', `/private/${user.userid}/meta`, { token: server })
    ).json();
    services.answers.set('data', 503);
    expect(
      (await send(fixture, 'DELETE', '/user', { token, body: { password: identity.password } })).status,
    ).toBe(204);

    expect((await send(fixture, 'GET', '/user', { token })).status).toBe(401);
    expect((await logIn(fixture, identity.email, identity.password)).status).toBe(401);
    const { db } = fixture.database;
    expect(await db.select().from(users).where(eq(users.userid, user.userid))).toEqual([]);
    expect(await db.select().from(emails).where(eq(emails.userid, user.userid))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userid, user.userid))).toEqual([]);

    await fixture.userApi.runErasures();
    const called = () =>
      services.calls.filter((call) => call.userid === user.userid).map((call) => call.service);
    // data failed: metadata must wait, and the pair must stay readable for it.
    expect(called().sort()).toEqual(['access', 'data']);
    const stillThere = await send(fixture, 'GET', `/private/${user.userid}/meta`, { token: server });
    expect(await stillThere.json()).toEqual(pair);

    services.answers.set('data', 204);
    // Due now rather than after the back-off.
    await fixture.database.db.update(erasureSteps).set({ nextAttemptTime: new Date(0) });
    await fixture.userApi.runErasures();
    expect(called()).toEqual(['access', 'data', 'data']);
    await fixture.userApi.runErasures();
    expect(called()).toEqual(['access', 'data', 'data', 'metadata']);
    expect((await send(fixture, 'GET', `/private/${user.userid}/meta`, { token: server })).status).toBe(404);
  });

  it('calls the services with a server token of user-api', async () => {
    const { identity, token, user } = await signUp(fixture);
    await send(fixture, 'DELETE', '/user', { token, body: { password: identity.password } });
    await fixture.userApi.runErasures();
    const call = services.calls.find((entry) => entry.userid === user.userid);
    const checked = await send(fixture, 'GET', `/token/${call?.token ?? 'none'}`, {
      token: await serverToken(fixture),
    });
    expect(await checked.json()).toMatchObject({ userid: 'user-api', isserver: true });
    // user-api's lines, naming the service that erased (a `service` field would be written twice).
    const acknowledged = logs.lines().filter((line) => line.msg === 'erasure acknowledged');
    expect(new Set(acknowledged.map((line) => line.service))).toEqual(new Set(['user-api']));
    expect(new Set(acknowledged.map((line) => line.step))).toEqual(new Set(['access', 'data', 'metadata']));
  });

  it('lets a server delete an account without a password, and answers 404 for an unknown one', async () => {
    const { user } = await signUp(fixture);
    const server = await serverToken(fixture);
    expect((await send(fixture, 'DELETE', `/user/${user.userid}`, { token: server, body: {} })).status).toBe(
      204,
    );
    expect((await send(fixture, 'DELETE', `/user/${user.userid}`, { token: server, body: {} })).status).toBe(
      404,
    );
  });
});

describe.each(databaseBackends())('deleting an account without erasing services on %s', (backend) => {
  it('drops the pair at once', async () => {
    await using fixture = await startUserApiFixture(backend);
    const { identity, token, user } = await signUp(fixture);
    const server = await serverToken(fixture);
    await send(fixture, 'DELETE', '/user', { token, body: { password: identity.password } });
    expect((await send(fixture, 'GET', `/private/${user.userid}/meta`, { token: server })).status).toBe(404);
  });
});
