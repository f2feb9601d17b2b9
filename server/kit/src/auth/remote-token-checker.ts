/** A `TokenChecker` that asks user-api (`GET /token/:token`), with a cache of at most one second. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SESSION_TOKEN_HEADER, type RevocationEvent } from '@tidepool/spec';
import type { ServerTokenSource } from '../client/server-token-client.js';
import { serviceUnavailable } from '../http/problems.js';
import { subscribeToRevocations, type RevocationSubscription } from './revocation-subscription.js';
import type { TokenChecker, TokenInfo } from './token-checker.js';

/** What user-api's `checkToken` answers (spec `TokenInfoSchema`); servers carry their name in `userid`. */
const CheckTokenAnswerSchema = z.object({
  userid: z.string(),
  isserver: z.boolean(),
  sessionId: z.string().optional(),
});

export interface RemoteTokenCheckerOptions {
  /** user-api's base URL, looked up for every check (it may move between slots). */
  readonly baseUrl: () => string | Promise<string>;
  /** This service's server token (see `createServerTokenClient`). */
  readonly tokens: ServerTokenSource;
  /** How long an answer is reused. At most 1000 ms, so that a logout takes effect within a second (DESIGN.md §5). */
  readonly cacheMilliseconds?: number;
  /** How many answers are kept at most. */
  readonly cacheSize?: number;
  /**
   * Follow user-api's revocation stream (`GET /sessions/revocations`) and drop revoked
   * answers at once, so that a logout usually holds here within milliseconds. The cache
   * lifetime stays the guaranteed bound when the stream is down. Off by default.
   */
  readonly revocations?: boolean;
  readonly fetch?: typeof fetch;
  /** The clock, in milliseconds; tests pass their own. */
  readonly now?: () => number;
}

/** A remote token checker; `close` ends its revocation stream, if it follows one. */
export interface RemoteTokenChecker extends TokenChecker, AsyncDisposable {
  close(): Promise<void>;
}

const MAXIMUM_CACHE_MILLISECONDS = 1000;

/** Tokens outside the lengths user-api accepts (spec `SessionTokenSchema`) are invalid without asking. */
const PLAUSIBLE_TOKEN = /^[\x21-\x7e]{16,512}$/;

function fromAnswer(answer: z.infer<typeof CheckTokenAnswerSchema>): TokenInfo {
  if (answer.isserver) return { isServer: true, serverName: answer.userid };
  return answer.sessionId === undefined
    ? { isServer: false, userid: answer.userid }
    : { isServer: false, userid: answer.userid, sessionId: answer.sessionId };
}

/**
 * Checks tokens by asking user-api. Answers, known and unknown tokens alike, are cached
 * briefly under the token's SHA-256 (the raw token is never kept as a key; the revocation
 * stream names tokens by the same hash). When user-api cannot answer, the check fails with 503
 * rather than treating the token as invalid.
 */
export function createRemoteTokenChecker(options: RemoteTokenCheckerOptions): RemoteTokenChecker {
  const cacheMilliseconds = options.cacheMilliseconds ?? MAXIMUM_CACHE_MILLISECONDS;
  if (cacheMilliseconds < 0 || cacheMilliseconds > MAXIMUM_CACHE_MILLISECONDS) {
    throw new Error(`cacheMilliseconds must be between 0 and ${MAXIMUM_CACHE_MILLISECONDS}.`);
  }
  const cacheSize = options.cacheSize ?? 10_000;
  const fetchFunction = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly info: TokenInfo | null; readonly expires: number }>();
  /** Cache keys by session id, for revocations that name a session. */
  const keysBySession = new Map<string, Set<string>>();
  /** Counts revocations and reconnections, so that an answer asked for before one is not cached after it. */
  let revocationEpoch = 0;
  let subscription: RevocationSubscription | undefined;

  function forget(key: string): void {
    const entry = cache.get(key);
    cache.delete(key);
    const sessionId = entry?.info?.isServer === false ? entry.info.sessionId : undefined;
    if (sessionId === undefined) return;
    const keys = keysBySession.get(sessionId);
    keys?.delete(key);
    if (keys?.size === 0) keysBySession.delete(sessionId);
  }

  function remember(key: string, info: TokenInfo | null, expires: number): void {
    cache.set(key, { info, expires });
    if (info?.isServer !== false || info.sessionId === undefined) return;
    const keys = keysBySession.get(info.sessionId) ?? new Set<string>();
    keys.add(key);
    keysBySession.set(info.sessionId, keys);
  }

  function revoke(event: RevocationEvent): void {
    revocationEpoch += 1;
    if ('tokenHash' in event) {
      forget(event.tokenHash);
      return;
    }
    for (const key of [...(keysBySession.get(event.sessionId) ?? [])]) forget(key);
  }

  function followRevocations(): void {
    if (options.revocations !== true || subscription !== undefined) return;
    subscription = subscribeToRevocations({
      baseUrl: options.baseUrl,
      tokens: options.tokens,
      fetch: fetchFunction,
      onRevocation: revoke,
      // Whatever was revoked while the stream was down is unknown: start afresh.
      onConnected: () => {
        revocationEpoch += 1;
        cache.clear();
        keysBySession.clear();
      },
    });
  }

  async function send(token: string, serverToken: string): Promise<Response> {
    const url = `${await options.baseUrl()}/token/${encodeURIComponent(token)}`;
    try {
      return await fetchFunction(url, { headers: { [SESSION_TOKEN_HEADER]: serverToken } });
    } catch (error) {
      throw serviceUnavailable('Session tokens cannot be checked now.', { cause: error });
    }
  }

  async function ask(token: string): Promise<TokenInfo | null> {
    const serverToken = await options.tokens.getToken();
    let response = await send(token, serverToken);
    if (response.status === 401) {
      // 401 is about our own server token (404 is the answer for an unknown token): renew it once.
      await response.body?.cancel();
      options.tokens.invalidate(serverToken);
      response = await send(token, await options.tokens.getToken());
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw serviceUnavailable('Session tokens cannot be checked now.', {
        cause: new Error(`user-api answered ${response.status} to a token check`),
      });
    }
    return fromAnswer(CheckTokenAnswerSchema.parse(await response.json()));
  }

  async function close(): Promise<void> {
    const current = subscription;
    subscription = undefined;
    await current?.close();
  }

  return {
    async check(token) {
      if (!PLAUSIBLE_TOKEN.test(token)) return null;
      // Started by the first check, not at creation: main.ts may build the checker before user-api is known.
      followRevocations();
      const key = createHash('sha256').update(token).digest('hex');
      const askedAt = now();
      const cached = cache.get(key);
      if (cached !== undefined && cached.expires > askedAt) return cached.info;
      const epoch = revocationEpoch;
      const info = await ask(token);
      forget(key);
      if (cache.size >= cacheSize) {
        // Maps iterate in insertion order: the first key is the oldest entry.
        const oldest = cache.keys().next();
        if (oldest.done !== true) forget(oldest.value);
      }
      // A revocation that arrived while asking may concern this answer: use it, but do not keep it.
      if (cacheMilliseconds > 0 && epoch === revocationEpoch)
        remember(key, info, askedAt + cacheMilliseconds);
      return info;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
