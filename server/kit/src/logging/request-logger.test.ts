import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createNotesApp, SERVER_SECRET, USER_TOKEN } from '../../test-fixtures/notes-app.js';
import { startTestApp } from '../testing/index.js';
import { captureLogs } from '../testing/index.js';

describe('request logging', () => {
  it('logs one line per request with id, method, route key, status and duration, not the URL', async () => {
    const { app, logs } = createNotesApp();
    await using server = await startTestApp(app);
    await (
      await fetch(`${server.url}/notes/0123456789?secretQuery=1`, {
        headers: { 'x-tidepool-session-token': USER_TOKEN, 'x-request-id': 'line-1' },
      })
    ).text();
    const lines = logs.lines().filter((line) => line.msg === 'request completed');
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'notes',
        requestId: 'line-1',
        method: 'GET',
        route: 'getNote',
        status: 200,
        durationMs: expect.any(Number) as number,
      }),
    ]);
    expect(logs.text()).not.toMatch(/0123456789|secretQuery/);
  });

  it('gives handlers a logger whose lines carry the request id, and logs a failure at error', async () => {
    const { app, logs } = createNotesApp();
    await using server = await startTestApp(app);
    const created = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tidepool-session-token': USER_TOKEN,
        'x-request-id': 'handler-line',
      },
      body: JSON.stringify({ text: 'hello', stars: 1 }),
    });
    expect(created.status).toBe(201);
    const failed = await fetch(`${server.url}/fail`, { headers: { 'x-request-id': 'failing-line' } });
    expect(failed.status).toBe(500);

    expect(logs.lines().find((line) => line.msg === 'creating a note')).toMatchObject({
      requestId: 'handler-line',
      level: 'info',
    });
    expect(logs.lines().filter((line) => line.requestId === 'failing-line' && 'route' in line)).toEqual([
      expect.objectContaining({ level: 'error', msg: 'request failed', route: 'fail', status: 500 }),
    ]);
  });

  it('says when the client left before the answer, once', async () => {
    let openGate: () => void = () => undefined;
    let handlerWaits: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      handlerWaits = resolve;
    });
    const opened = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    // The handler awaits the gate: its `then` tells the test that the request got that far.
    const gate = {
      then(resolve: () => void) {
        handlerWaits();
        void opened.then(resolve);
      },
    } as unknown as Promise<void>;
    const { app, logs } = createNotesApp({ gate });
    await using server = await startTestApp(app);
    const abandoned = request(`${server.url}/slow`, { headers: { 'x-request-id': 'left-early' } });
    abandoned.on('error', () => undefined);
    abandoned.end();
    await waiting;
    abandoned.destroy();
    const ownLines = () => logs.lines().filter((line) => line.requestId === 'left-early' && 'route' in line);
    await expect
      .poll(ownLines)
      .toEqual([expect.objectContaining({ route: 'waitForGate', status: 200, aborted: true })]);
    openGate();
    // The handler's answer, once it comes, goes nowhere and is not logged a second time.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ownLines()).toHaveLength(1);
  });

  it('logs the success of a routine route (a heartbeat, a health check) at debug, its refusal at info', async () => {
    const { app, logs } = createNotesApp();
    await using server = await startTestApp(app);
    const publish = (secret: string) =>
      fetch(`${server.url}/publish`, { method: 'POST', headers: { 'x-tidepool-server-secret': secret } });

    expect((await publish(SERVER_SECRET)).status).toBe(200);
    expect((await publish('not-the-secret-of-this-server-at-all')).status).toBe(401);
    expect((await fetch(`${server.url}/status`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${server.url}/hello`)).status).toBe(200);

    const levels = logs
      .lines()
      .filter((line) => line.msg === 'request completed')
      .map((line) => [line.route, line.status, line.level]);
    expect(levels).toEqual([
      ['publish', 200, 'debug'],
      ['publish', 401, 'info'],
      ['getStatus', 200, 'debug'],
      ['getMetrics', 200, 'debug'],
      ['sayHello', 200, 'info'],
    ]);
  });

  it('logs the kit’s own status route as routine when the contract leaves it out, and its failure as an error', async () => {
    const { app, logs } = createNotesApp({
      withoutStatusRoutes: true,
      checks: { database: () => Promise.reject(new Error('down')) },
    });
    await using server = await startTestApp(app);

    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${server.url}/status`)).status).toBe(503);

    const levels = logs
      .lines()
      // The request's own line, not the error handler's (which names no route).
      .filter(
        (line) => line.msg === 'request completed' || (line.msg === 'request failed' && 'route' in line),
      )
      .map((line) => [line.route, line.status, line.level]);
    expect(levels).toEqual([
      ['getMetrics', 200, 'debug'],
      ['getStatus', 503, 'error'],
    ]);
  });

  it('shows no token, password or secret of a request, even when a handler logs the raw body', async () => {
    const { app, logs } = createNotesApp();
    await using server = await startTestApp(app);
    const password = 'correct horse battery staple';
    const response = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tidepool-session-token': USER_TOKEN,
        'x-tidepool-server-secret': SERVER_SECRET,
        authorization: 'Basic c2VjcmV0OnNlY3JldA==',
        cookie: 'session=cookie-value-1234',
      },
      body: JSON.stringify({
        text: 'hello',
        stars: 1,
        password,
        nested: { currentPassword: password, deeper: { token: 'deep-token-value' } },
      }),
    });
    expect(response.status).toBe(201);
    const text = logs.text();
    expect(text).toContain('creating a note');
    for (const secret of [
      password,
      USER_TOKEN,
      SERVER_SECRET,
      'c2VjcmV0OnNlY3JldA',
      'cookie-value-1234',
      'deep-token-value',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[Redacted]');
  });

  it('censors credential headers and secret fields wherever a line puts them', () => {
    const logs = captureLogs();
    logs.logger.info({
      req: { headers: { authorization: 'Bearer abc', 'x-tidepool-session-token': 'tok' } },
      user: { hash: 'h', salt: 's', profile: { key: 'k' } },
      secret: 'top',
    });
    expect(logs.lines()[0]).toMatchObject({
      req: { headers: { authorization: '[Redacted]', 'x-tidepool-session-token': '[Redacted]' } },
      user: { hash: '[Redacted]', salt: '[Redacted]', profile: { key: '[Redacted]' } },
      secret: '[Redacted]',
    });
  });
});
