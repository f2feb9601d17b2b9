/** A service's own server token: log in with the shared secret, cache, renew (DESIGN.md §5). */
import { SERVER_NAME_HEADER, SERVER_SECRET_HEADER, SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { ProblemError } from '../http/problem-error.js';
import { serviceUnavailable } from '../http/problems.js';

/** Where server tokens come from: `createServerTokenClient`, or a fixed token in tests. */
export interface ServerTokenSource {
  /** A server token, logging in when none is cached or the cached one has lived its lifetime. */
  getToken(): Promise<string>;
  /** Forgets `token` after the platform refused it (401), so that the next `getToken` logs in again. */
  invalidate(token: string): void;
}

export interface ServerTokenClientOptions {
  /** user-api's base URL, looked up at each login (it may move between slots). */
  readonly baseUrl: () => string | Promise<string>;
  /** This service's name, as it logs in (`x-tidepool-server-name`). */
  readonly serverName: string;
  readonly serverSecret: string;
  /** How long a token is used before logging in again, well within user-api's expiry. */
  readonly lifetimeMilliseconds?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Logs in through `POST /serverlogin` and caches the token. Concurrent callers share one
 * login in flight; a token refused with 401 (`invalidate`) or older than its lifetime is
 * replaced by a fresh login.
 *
 * @example
 * const tokens = createServerTokenClient({ baseUrl: () => userApiUrl, serverName: 'metadata', serverSecret });
 * const client = createServiceClient(userApiContract, { baseUrl: () => userApiUrl, tokens });
 */
export function createServerTokenClient(options: ServerTokenClientOptions): ServerTokenSource {
  const lifetime = options.lifetimeMilliseconds ?? 10 * 60_000;
  const fetchFunction = options.fetch ?? fetch;
  let cached: { readonly token: string; readonly expires: number } | undefined;
  let loginInFlight: Promise<string> | undefined;

  async function logIn(): Promise<string> {
    let response: Response;
    try {
      response = await fetchFunction(`${await options.baseUrl()}/serverlogin`, {
        method: 'POST',
        headers: { [SERVER_NAME_HEADER]: options.serverName, [SERVER_SECRET_HEADER]: options.serverSecret },
      });
    } catch (error) {
      throw serviceUnavailable('The server token cannot be obtained now.', { cause: error });
    }
    await response.body?.cancel();
    const token = response.headers.get(SESSION_TOKEN_HEADER);
    if (response.status === 401) {
      // A configuration fault, not a passing outage: the secret differs from user-api's.
      throw new ProblemError('INTERNAL', 'The server failed to answer.', {
        cause: new Error(`user-api refused the server login of ${options.serverName}: check SERVER_SECRET`),
      });
    }
    if (!response.ok || token === null || token === '') {
      throw serviceUnavailable('The server token cannot be obtained now.', {
        cause: new Error(`user-api answered ${response.status} to the server login`),
      });
    }
    cached = { token, expires: Date.now() + lifetime };
    return token;
  }

  return {
    getToken() {
      if (cached !== undefined && cached.expires > Date.now()) return Promise.resolve(cached.token);
      loginInFlight ??= logIn().finally(() => {
        loginInFlight = undefined;
      });
      return loginInFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
