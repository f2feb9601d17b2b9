/** The transport under the ts-rest client: session header, timeouts, retries, typed errors. */
import type { ApiFetcherArgs } from '@ts-rest/core';
import { REQUEST_ID_HEADER, SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { errorFromResponse } from '../errors/error-from-response.js';
import { ConnectionError, TidepoolError, TimeoutError } from '../errors/tidepool-error.js';
import type { ResolvedClientOptions } from '../options/client-options.js';
import { checkRequestOptions } from '../options/request-options.js';
import type { RequestOptions } from '../options/request-options.js';
import type { SessionManager } from '../session/session-manager.js';
import { startAttemptSignal } from './attempt-signal.js';
import { readBody } from './read-body.js';
import { retryAfterMilliseconds } from './retry-after.js';
import { isIdempotent, isRetryableFailure, isRetryableStatus, retryDelay } from './retry-policy.js';

/** What the facade adds to ts-rest's arguments of each call. */
export interface TidepoolFetcherArgs extends ApiFetcherArgs {
  readonly requestOptions?: RequestOptions | undefined;
  /** Set on the refresh call itself, which must not wait for a refresh. */
  readonly isSessionRefresh?: boolean | undefined;
}

/** A 2xx answer; anything else is thrown as a {@link TidepoolError}. */
export interface SuccessfulResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/** The ts-rest `api` function of a client. */
export function createFetcher(
  options: ResolvedClientOptions,
  session: SessionManager,
): (args: TidepoolFetcherArgs) => Promise<SuccessfulResponse> {
  return async (args) => {
    const requestOptions = args.requestOptions;
    checkRequestOptions(requestOptions);
    const callerSignal = requestOptions?.signal;
    const timeoutMs = requestOptions?.timeoutMs ?? options.timeoutMs;
    const method = args.method.toUpperCase();
    const idempotent = isIdempotent(method, args.route.metadata);
    await session.load();
    // The token goes only where the contract says a session is needed: never with the
    // credentials of login, never to signup (whose answer must not be taken for a refresh).
    const usesSession = sendsSessionToken(args.route.metadata);
    if (usesSession && args.isSessionRefresh !== true) await session.ensureFresh();

    for (let attempt = 1; ; attempt += 1) {
      if (isAborted(callerSignal)) throw abortedError(callerSignal);
      const sentToken = usesSession ? session.current?.token : undefined;
      const headers = requestHeaders(options.headers, args.headers, requestOptions?.headers);
      if (sentToken !== undefined) headers.set(SESSION_TOKEN_HEADER, sentToken);

      const attemptSignal = startAttemptSignal(callerSignal, timeoutMs);
      let outcome: SuccessfulResponse | TidepoolError;
      let retryable: boolean;
      try {
        const response = await options.fetch(args.path, {
          ...args.fetchOptions,
          method,
          headers,
          body: args.body ?? null,
          signal: attemptSignal.signal,
        });
        const body = await readBody(response);
        if (sentToken !== undefined) {
          const freshToken = response.headers.get(SESSION_TOKEN_HEADER);
          if (response.status === 401) session.expire(sentToken);
          else if (freshToken !== null && freshToken !== '') session.renew(sentToken, freshToken);
        }
        if (response.ok && body.malformed) throw malformedSuccess(response);
        if (response.ok) return { status: response.status, body: body.value, headers: response.headers };
        const { status, statusText } = response;
        outcome = errorFromResponse(
          { status, statusText, headers: response.headers, body: body.value },
          options.clock.now(),
        );
        retryable = isRetryableStatus(idempotent, response.status);
      } catch (error) {
        if (error instanceof TidepoolError) throw error;
        if (isAborted(callerSignal)) throw abortedError(callerSignal);
        const timedOut = attemptSignal.timedOut();
        outcome = timedOut ? timeoutError(timeoutMs, error) : connectionError(args.path, error);
        retryable = isRetryableFailure(idempotent, timedOut ? 'timeout' : 'network', error);
      } finally {
        attemptSignal.dispose();
      }

      if (!retryable || attempt >= options.retry.maxAttempts) throw outcome;
      const retryAfter = outcome.headers?.get('retry-after') ?? null;
      const delay = retryDelay(
        attempt,
        options.retry,
        retryAfterMilliseconds(retryAfter, options.clock.now()),
      );
      if (delay === undefined) throw outcome;
      await options.clock.sleep(delay, callerSignal);
    }
  };
}

/**
 * The client's headers, then the route's, then the call's; `set` rather than one object literal,
 * so that `X-Client` and `x-client` from two sources replace each other instead of joining.
 */
function requestHeaders(...sources: (Readonly<Record<string, string>> | undefined)[]): Headers {
  const headers = new Headers({ accept: 'application/json, application/problem+json' });
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) headers.set(name, value);
  }
  return headers;
}

/** Routes marked `user` or `server` in the contract (or not marked at all) carry the session token. */
function sendsSessionToken(metadata: unknown): boolean {
  if (typeof metadata !== 'object' || metadata === null || !('auth' in metadata)) return true;
  return metadata.auth === 'user' || metadata.auth === 'server';
}

/** A function, not an inline test: TypeScript would keep `aborted` narrowed across the awaits. */
function isAborted(signal: AbortSignal | undefined): signal is AbortSignal {
  return signal?.aborted === true;
}

function abortedError(signal: AbortSignal): ConnectionError {
  return new ConnectionError({
    status: 0,
    code: 'ABORTED',
    message: 'The call was aborted.',
    cause: signal.reason,
  });
}

function timeoutError(timeoutMs: number, cause: unknown): TimeoutError {
  return new TimeoutError({
    status: 0,
    code: 'TIMEOUT',
    message: `No answer within ${timeoutMs} ms.`,
    cause,
  });
}

function connectionError(url: string, cause: unknown): ConnectionError {
  // The origin only: the path names a user, which has no place in an error message that may be logged.
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new ConnectionError({
    status: 0,
    code: 'CONNECTION_FAILED',
    message: `Could not reach ${new URL(url).origin}${detail}`,
    cause,
  });
}

/** A 2xx whose JSON does not parse: not retried, as the server did act on the request. */
function malformedSuccess(response: Response): TidepoolError {
  return new TidepoolError({
    status: response.status,
    code: 'UNEXPECTED_RESPONSE',
    message: 'The answer said it was JSON but could not be parsed.',
    requestId: response.headers.get(REQUEST_ID_HEADER) ?? undefined,
    headers: response.headers,
  });
}
