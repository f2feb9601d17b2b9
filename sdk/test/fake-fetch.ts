/** Test doubles for the SDK: a scripted fetch that records requests, answer builders, a fake clock. */
import type { Clock, FetchFunction } from '../src/options/client-options.js';

/** One request as the fake fetch received it. */
export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | null;
  readonly signal: AbortSignal | null;
}

/** Answers one request: a Response, or a thrown error to play a network failure. */
export type Responder = (request: RecordedRequest) => Response | Promise<Response>;

export interface ScriptedFetch extends FetchFunction {
  readonly requests: RecordedRequest[];
}

/**
 * A fetch that answers the n-th request with the n-th responder and records every request.
 * A request beyond the script fails the test, so an unexpected retry cannot go unnoticed.
 */
export function scriptedFetch(...responders: Responder[]): ScriptedFetch {
  const requests: RecordedRequest[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : null,
      signal: init.signal ?? null,
    };
    requests.push(request);
    const responder = responders[requests.length - 1];
    if (responder === undefined)
      throw new Error(`Unexpected request ${requests.length}: ${request.method} ${url}`);
    return responder(request);
  };
  return Object.assign(fetch, { requests });
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
}

/** A problem-details answer (RFC 9457) as the platform sends it. */
export function problem(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Responder {
  const body = {
    type: 'about:blank',
    title: `Title of ${code}`,
    status,
    code,
    requestId: 'request-1',
    ...extra,
  };
  return () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    });
}

/** A network failure as Node's fetch reports it: TypeError('fetch failed') with the socket error as cause. */
export function networkFailure(code: string): Responder {
  return () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
  };
}

/** An answer that never comes: the request hangs until its signal aborts. */
export function hang(): Responder {
  return (request) =>
    new Promise<Response>((_resolve, reject) => {
      // fetch rejects with the signal's reason, as this does.
      const abort = (): void => {
        const reason: unknown = request.signal?.reason;
        reject(
          reason instanceof Error ? reason : new DOMException('The operation was aborted.', 'AbortError'),
        );
      };
      if (request.signal?.aborted === true) abort();
      request.signal?.addEventListener('abort', abort);
    });
}

/** A clock whose sleep returns at once and moves time on; `sleeps` lists each requested wait. */
export function fakeClock(
  start = Date.parse('2024-05-01T08:00:00Z'),
): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (milliseconds) => {
      now += milliseconds;
    },
    sleep: (milliseconds) => {
      sleeps.push(milliseconds);
      now += milliseconds;
      return Promise.resolve();
    },
  };
}
