import type { AppRoute } from '@ts-rest/core';
import { describe, expect, it } from 'vitest';
import { fakeClock, hang, json, networkFailure, problem, scriptedFetch } from '../../test/fake-fetch.js';
import type { ScriptedFetch } from '../../test/fake-fetch.js';
import {
  BadRequestError,
  ConnectionError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TidepoolError,
  TimeoutError,
} from '../errors/tidepool-error.js';
import { resolveClientOptions } from '../options/client-options.js';
import type { ClientOptions } from '../options/client-options.js';
import { SessionManager } from '../session/session-manager.js';
import { expectInstance } from '../../test/expect-instance.js';
import { createFetcher } from './create-fetcher.js';
import type { TidepoolFetcherArgs } from './create-fetcher.js';

const baseUrl = 'https://api.example.org';

function route(method: 'GET' | 'POST' | 'PUT', auth = 'user'): AppRoute {
  return {
    method,
    path: '/thing',
    responses: {},
    metadata: { internal: false, auth },
    ...(method === 'GET' ? {} : { body: null }),
  } as AppRoute;
}

function setup(fetch: ScriptedFetch, options: Partial<ClientOptions> = {}) {
  const clock = fakeClock();
  const resolved = resolveClientOptions({ baseUrl, fetch, clock, ...options });
  const session = new SessionManager({
    storage: undefined,
    onSessionChange: undefined,
    refreshAfterMs: resolved.refreshAfterMs,
    now: () => clock.now(),
    refresh: () => Promise.resolve({ userid: 'abcdef0123' }),
  });
  const fetcher = createFetcher(resolved, session);
  const send = (method: 'GET' | 'POST' | 'PUT', extra: Partial<TidepoolFetcherArgs> = {}) =>
    fetcher({
      route: route(method),
      path: `${baseUrl}/thing`,
      method,
      headers: {},
      body: method === 'GET' ? undefined : '{"a":1}',
      rawBody: undefined,
      rawQuery: undefined,
      contentType: undefined,
      ...extra,
    });
  return { send, clock, session };
}

describe('the transport', () => {
  it('answers the status, parsed body and headers of a success', async () => {
    const { send } = setup(scriptedFetch(json(200, { ok: true }, { 'x-extra': '1' })));
    const response = await send('GET');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(response.headers.get('x-extra')).toBe('1');
  });

  it('throws the typed error of a problem answer', async () => {
    const { send } = setup(scriptedFetch(problem(404, 'NOT_FOUND', { detail: 'No such thing.' })));
    const error: unknown = await send('GET').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(expectInstance(error, NotFoundError).message).toBe('No such thing.');
  });

  it('retries a GET on 503 and waits as long as Retry-After says', async () => {
    const fetch = scriptedFetch(
      problem(503, 'SERVICE_UNAVAILABLE', {}, { 'retry-after': '2' }),
      json(200, [1]),
    );
    const { send, clock } = setup(fetch);
    await expect(send('GET')).resolves.toMatchObject({ body: [1] });
    expect(fetch.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const unavailable = problem(503, 'SERVICE_UNAVAILABLE');
    const fetch = scriptedFetch(unavailable, unavailable, unavailable);
    const { send, clock } = setup(fetch, { retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 } });
    await expect(send('GET')).rejects.toBeInstanceOf(ServerError);
    expect(fetch.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    for (const [index, delay] of clock.sleeps.entries()) expect(delay).toBeLessThanOrEqual(100 * 2 ** index);
  });

  it('does not wait when Retry-After asks for more than maxDelayMs, and reports the wait', async () => {
    const fetch = scriptedFetch(problem(429, 'RATE_LIMITED', {}, { 'retry-after': '3600' }));
    const { send, clock } = setup(fetch);
    const error: unknown = await send('GET').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(expectInstance(error, RateLimitedError).retryAfterSeconds).toBe(3600);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry a POST answered 500, nor a POST answered 503', async () => {
    const first = scriptedFetch(problem(500, 'INTERNAL'));
    await expect(setup(first).send('POST')).rejects.toBeInstanceOf(ServerError);
    expect(first.requests).toHaveLength(1);
    const second = scriptedFetch(problem(503, 'SERVICE_UNAVAILABLE'));
    await expect(setup(second).send('POST')).rejects.toBeInstanceOf(ServerError);
    expect(second.requests).toHaveLength(1);
  });

  it('does not retry a 400', async () => {
    const fetch = scriptedFetch(problem(400, 'VALIDATION_FAILED'));
    await expect(setup(fetch).send('PUT')).rejects.toBeInstanceOf(BadRequestError);
    expect(fetch.requests).toHaveLength(1);
  });

  it('retries a POST whose connection was refused, as the server never saw it', async () => {
    const fetch = scriptedFetch(networkFailure('ECONNREFUSED'), json(201, { id: 'm1' }));
    await expect(setup(fetch).send('POST')).resolves.toMatchObject({ status: 201 });
    expect(fetch.requests).toHaveLength(2);
    expect(fetch.requests[1]?.body).toBe('{"a":1}');
  });

  it('does not retry a POST whose connection was reset, as the server may have stored it', async () => {
    const fetch = scriptedFetch(networkFailure('ECONNRESET'));
    const error: unknown = await setup(fetch)
      .send('POST')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(expectInstance(error, ConnectionError).status).toBe(0);
    expect(expectInstance(error, ConnectionError).code).toBe('CONNECTION_FAILED');
    expect(expectInstance(error, ConnectionError).message).not.toContain('/thing');
    expect(fetch.requests).toHaveLength(1);
  });

  it('retries a POST its route declares idempotent (a data upload): on 503, after a reset, after a timeout', async () => {
    const upload = {
      ...route('POST'),
      metadata: { internal: false, auth: 'user', idempotent: true },
    } as AppRoute;
    const fetch = scriptedFetch(
      problem(503, 'SERVICE_UNAVAILABLE'),
      networkFailure('ECONNRESET'),
      hang(),
      json(200, { stored: 0, duplicates: 1 }),
    );
    const { send } = setup(fetch, {
      timeoutMs: 20,
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 10 },
    });
    await expect(send('POST', { route: upload })).resolves.toMatchObject({
      body: { stored: 0, duplicates: 1 },
    });
    expect(fetch.requests.map((request) => request.body)).toEqual([
      '{"a":1}',
      '{"a":1}',
      '{"a":1}',
      '{"a":1}',
    ]);
  });

  it('retries a GET after a network failure', async () => {
    const fetch = scriptedFetch(networkFailure('ECONNRESET'), json(200, []));
    await expect(setup(fetch).send('GET')).resolves.toMatchObject({ status: 200 });
    expect(fetch.requests).toHaveLength(2);
  });

  it('turns a timeout into a TimeoutError and never re-sends a POST after one', async () => {
    const fetch = scriptedFetch(hang());
    const error: unknown = await setup(fetch, { timeoutMs: 20 })
      .send('POST')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(expectInstance(error, TimeoutError).code).toBe('TIMEOUT');
    expect(fetch.requests).toHaveLength(1);
  });

  it('retries a GET that timed out, with the per-call timeout', async () => {
    const fetch = scriptedFetch(hang(), json(200, { late: false }));
    const { send } = setup(fetch);
    await expect(send('GET', { requestOptions: { timeoutMs: 20 } })).resolves.toMatchObject({
      body: { late: false },
    });
    expect(fetch.requests).toHaveLength(2);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const controller = new AbortController();
    const fetch = scriptedFetch((request) => {
      controller.abort(new Error('user left the page'));
      return hang()(request);
    });
    const error: unknown = await setup(fetch)
      .send('GET', { requestOptions: { signal: controller.signal } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(expectInstance(error, ConnectionError).code).toBe('ABORTED');
    expect(fetch.requests).toHaveLength(1);
  });

  it('does not retry once the caller aborted during the back-off', async () => {
    const controller = new AbortController();
    const fetch = scriptedFetch(problem(503, 'SERVICE_UNAVAILABLE'));
    const clock = fakeClock();
    clock.sleep = () => {
      controller.abort();
      return Promise.resolve();
    };
    const error: unknown = await setup(fetch, { clock })
      .send('GET', { requestOptions: { signal: controller.signal } })
      .catch((caught: unknown) => caught);
    expect(expectInstance(error, ConnectionError).code).toBe('ABORTED');
    expect(fetch.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const fetch = scriptedFetch();
    const error: unknown = await setup(fetch)
      .send('GET', { requestOptions: { signal: AbortSignal.abort() } })
      .catch((caught: unknown) => caught);
    expect(expectInstance(error, ConnectionError).code).toBe('ABORTED');
    expect(fetch.requests).toHaveLength(0);
  });

  it('refuses a 2xx whose JSON does not parse, without retrying', async () => {
    // Cut in one line, and cut after whole lines of an array laid out one element a line.
    for (const text of ['{"cut', '[\n{"id":"a"},\n{"id":"b"},\n{"id"']) {
      const fetch = scriptedFetch(
        () => new Response(text, { status: 200, headers: { 'content-type': 'application/json' } }),
      );
      const error: unknown = await setup(fetch)
        .send('GET')
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TidepoolError);
      expect(expectInstance(error, TidepoolError).code).toBe('UNEXPECTED_RESPONSE');
      expect(expectInstance(error, TidepoolError).status).toBe(200);
      expect(fetch.requests).toHaveLength(1);
    }
  });

  it('parses an array laid out one element a line as JSON.parse does', async () => {
    const text = '[\n{"id":"a","value":5.5},\n{"id":"b","notes":["x\\ny"]}\n]';
    const fetch = scriptedFetch(
      () => new Response(text, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    await expect(setup(fetch).send('GET')).resolves.toMatchObject({ body: JSON.parse(text) as unknown });
  });

  it('sends the client headers, the call headers and the request body', async () => {
    const fetch = scriptedFetch(json(200, {}));
    const { send } = setup(fetch, { headers: { 'x-client': 'tests' } });
    await send('PUT', {
      headers: { 'content-type': 'application/json' },
      requestOptions: { headers: { 'x-trace': 't1' } },
    });
    const request = fetch.requests[0]!;
    expect(request.method).toBe('PUT');
    expect(request.headers.get('x-client')).toBe('tests');
    expect(request.headers.get('x-trace')).toBe('t1');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.body).toBe('{"a":1}');
  });

  it('refuses unknown request options', async () => {
    const { send } = setup(scriptedFetch());
    await expect(send('GET', { requestOptions: { timeout: 5 } as never })).rejects.toThrow(
      /Unknown request option "timeout"/,
    );
  });
});
