import http from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createNotesApp, USER_TOKEN } from '../../test-fixtures/notes-app.js';
import { captureLogs, startTestApp } from '../testing/index.js';
import { DatabaseUnavailableError } from '../db/database-unavailable.js';
import { createErrorHandler, toProblemError } from './error-handler.js';
import { internalError, notFound, rateLimited, serviceUnavailable, unauthorized } from './problems.js';
import { requestIdMiddleware } from './request-id.js';
import { jsonNestingDepth, MAXIMUM_JSON_DEPTH } from './json-body.js';

const json = { 'content-type': 'application/json', 'x-tidepool-session-token': USER_TOKEN };

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  return (await response.json()) as Record<string, unknown>;
}

describe('the error handler of a service app', () => {
  it('answers a problem with every field and the request id of the answer', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/no/such/route?x=1`, {
      headers: { 'x-request-id': 'req-42' },
    });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route matches GET /no/such/route.',
      instance: '/no/such/route',
      code: 'NOT_FOUND',
      requestId: 'req-42',
    });
  });

  it('answers 400 to a body nested deeper than the limit, and reads one at the limit', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{"text":"x"}${'}'.repeat(depth - 1)}`;
    for (const depth of [MAXIMUM_JSON_DEPTH + 1, 160]) {
      const response = await fetch(`${server.url}/notes`, {
        method: 'POST',
        headers: json,
        body: nested(depth),
      });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe('BAD_REQUEST');
      expect(problem.detail).toBe(
        `The request body nests objects and arrays more than ${MAXIMUM_JSON_DEPTH} deep.`,
      );
    }
    // At the limit the body is read, and answered for what it is (a note without its fields).
    const atLimit = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: json,
      body: nested(MAXIMUM_JSON_DEPTH),
    });
    expect(atLimit.status).toBe(400);
    expect((await problemOf(atLimit)).code).toBe('VALIDATION_FAILED');
  });

  it('counts only the brackets outside strings', () => {
    const text = (value: string) => new TextEncoder().encode(value);
    expect(jsonNestingDepth(text('{"a":[1,{"b":[]}]}'))).toBe(4);
    expect(jsonNestingDepth(text(JSON.stringify({ text: '[[[[{{{{ \\" [[[ é ' })))).toBe(1);
    expect(jsonNestingDepth(text('"[[["'))).toBe(0);
    expect(jsonNestingDepth(text('[[],[[]],[]]'))).toBe(3);
  });

  it('answers 400 VALIDATION_FAILED naming every invalid body field', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ text: '', stars: -1, tags: ['ok', 7] }),
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('VALIDATION_FAILED');
    const errors = problem.errors as { location: string; path: string }[];
    expect(errors.map((error) => `${error.location}:${error.path}`).sort()).toEqual([
      'body:stars',
      'body:tags.1',
      'body:text',
    ]);
  });

  it('answers 400 VALIDATION_FAILED for invalid path parameters and query values', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const params = await problemOf(
      await fetch(`${server.url}/notes/NOT-AN-ID`, { headers: { 'x-tidepool-session-token': USER_TOKEN } }),
    );
    expect(params.errors).toEqual([expect.objectContaining({ location: 'params', path: 'noteId' })]);
    const query = await problemOf(await fetch(`${server.url}/hello?name=${'x'.repeat(21)}`));
    expect(query.errors).toEqual([expect.objectContaining({ location: 'query', path: 'name' })]);
  });

  it('answers 400 BAD_REQUEST for a body that is not JSON', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/notes`, { method: 'POST', headers: json, body: '{"text": ' });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('BAD_REQUEST');
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ text: 'x'.repeat(2048), stars: 1 }),
    });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 415 for an unsupported charset, content encoding or media type', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const send = (headers: Record<string, string>) =>
      fetch(`${server.url}/notes`, {
        method: 'POST',
        headers: { ...json, ...headers },
        body: '{"text":"a","stars":1}',
      });
    for (const headers of <Record<string, string>[]>[
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-encoding': 'compress' },
      { 'content-type': 'text/plain' },
    ]) {
      const response = await send(headers);
      expect(response.status).toBe(415);
      expect((await problemOf(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('reads no body before the caller is admitted: 401 whatever the body, 404 on an unknown route', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const anonymous = { 'content-type': 'application/json' };
    for (const body of ['{"text": ', JSON.stringify({ text: 'x'.repeat(2048), stars: 1 })]) {
      const response = await fetch(`${server.url}/notes`, { method: 'POST', headers: anonymous, body });
      expect(response.status).toBe(401);
      expect((await problemOf(response)).code).toBe('UNAUTHORIZED');
    }
    const foreign = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'a note',
    });
    expect(foreign.status).toBe(401);
    await foreign.body?.cancel();
    const unknown = await fetch(`${server.url}/no/such/route`, {
      method: 'POST',
      headers: json,
      body: '{"text": ',
    });
    expect(unknown.status).toBe(404);
    await unknown.body?.cancel();
  });

  it('answers an anonymous upload 401 while its body is still arriving', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const { port } = new URL(server.url);
    // A body announced at 900 bytes of which 10 are sent: a server that read the body before
    // the token would wait for the rest and never answer.
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/notes',
      headers: { 'content-type': 'application/json', 'content-length': '900' },
    });
    request.write('{"text": "');
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      request.on('response', resolve).on('error', reject);
    });
    expect(response.statusCode).toBe(401);
    response.resume();
    request.destroy();
  });

  it('answers 400 BAD_REQUEST, never 500, to a gzip body that does not inflate', async () => {
    const { app, logs } = createNotesApp();
    await using server = await startTestApp(app);
    const response = await fetch(`${server.url}/notes`, {
      method: 'POST',
      headers: { ...json, 'content-encoding': 'gzip' },
      body: '{"text":"a","stars":1}',
    });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      code: 'BAD_REQUEST',
      detail: 'The request could not be read.',
    });
    expect(logs.lines().filter((line) => line.msg === 'request failed')).toEqual([]);
  });

  it('answers 400 BAD_REQUEST, never 500, to a path parameter that is not valid percent-encoding', async () => {
    await using server = await startTestApp(createNotesApp().app);
    for (const segment of ['%ff', '%zz', '%']) {
      const response = await fetch(`${server.url}/notes/${segment}`, {
        headers: { 'x-tidepool-session-token': USER_TOKEN },
      });
      expect(response.status, segment).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/percent-encoding/);
    }
  });

  it('answers 500 INTERNAL with a generic detail, logging the cause without its stack', async () => {
    const { app, logs } = createNotesApp();
    await using server = await startTestApp(app);
    const response = await fetch(`${server.url}/fail`);
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ code: 'INTERNAL', detail: 'The server failed to answer.' });
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|stack|at /);
    const failure = logs.lines().find((line) => line.msg === 'request failed' && 'cause' in line);
    expect(failure?.cause).toEqual({ type: 'Error', message: 'the database password hunter2 was refused' });
    expect(failure?.requestId).toBe(problem.requestId);
  });

  it('logs the stack of a failure in development only', async () => {
    const { app, logs } = createNotesApp({ development: true });
    await using server = await startTestApp(app);
    await (await fetch(`${server.url}/fail`)).body?.cancel();
    const failure = logs.lines().find((line) => line.msg === 'request failed' && 'cause' in line);
    expect((failure?.cause as { stack?: string }).stack).toContain('notes-app.ts');
  });

  it('answers 500 INTERNAL when a handler answers outside its contract', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/wrong`);
    expect(response.status).toBe(500);
    expect((await problemOf(response)).code).toBe('INTERNAL');
  });
});

describe('problems with headers', () => {
  async function serve(error: Error) {
    const app = express();
    app.use(requestIdMiddleware());
    app.get('/', () => {
      throw error;
    });
    app.use(createErrorHandler({ logger: captureLogs().logger, development: false }));
    return startTestApp(app);
  }

  it('sets Retry-After on 429 and 503', async () => {
    {
      await using server = await serve(rateLimited(30));
      const response = await fetch(server.url);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('30');
      expect((await problemOf(response)).code).toBe('RATE_LIMITED');
    }
    await using server = await serve(serviceUnavailable('Draining.', { retryAfterSeconds: 2.5 }));
    const response = await fetch(server.url);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await problemOf(response)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: 'Draining.' });
  });

  it('sets a default Retry-After on a 503 whose thrower gave none (a dependency that cannot be reached)', async () => {
    await using server = await serve(serviceUnavailable('user-api could not be reached; try again later.'));
    const response = await fetch(server.url);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
  });

  it('sends the extra headers of a problem', async () => {
    await using server = await serve(
      unauthorized('Log in.', { headers: { 'WWW-Authenticate': 'Basic realm="tidepool"' } }),
    );
    const response = await fetch(server.url);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="tidepool"');
  });
});

describe('problems for an unavailable database', () => {
  /** As Drizzle raises a driver failure: its error with postgres.js's as the cause. */
  const failedQuery = (code: string) =>
    new Error('Failed query: select 1', { cause: Object.assign(new Error('driver'), { code }) });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', '25006', '57P01', '57P02', '57P03'])(
    'maps a query that failed with %s to 503 SERVICE_UNAVAILABLE with a retry delay',
    (code) => {
      const problem = toProblemError(failedQuery(code));
      expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
      expect(problem.detail).toBe('The database is unavailable; try again shortly.');
    },
  );

  it('maps a service without a primary, and an internal error a handler wrapped around one, to 503', () => {
    expect(toProblemError(new DatabaseUnavailableError()).status).toBe(503);
    expect(toProblemError(internalError(failedQuery('ECONNREFUSED'))).status).toBe(503);
  });

  it('keeps other query failures internal, and other problems as they are', () => {
    expect(toProblemError(failedQuery('23505'))).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(toProblemError(internalError(failedQuery('42P01'))).status).toBe(500);
    const notFoundProblem = notFound('No such note.', { cause: failedQuery('ECONNREFUSED') });
    expect(toProblemError(notFoundProblem)).toBe(notFoundProblem);
  });

  it('answers 503 problem details with Retry-After over HTTP', async () => {
    const app = express();
    app.use(requestIdMiddleware());
    app.get('/', () => {
      throw failedQuery('57P01');
    });
    app.use(createErrorHandler({ logger: captureLogs().logger, development: false }));
    await using server = await startTestApp(app);
    const response = await fetch(server.url);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await problemOf(response)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
  });
});
