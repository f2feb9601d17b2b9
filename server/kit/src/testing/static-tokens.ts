/** Stand-ins for user-api in tests of other services: known tokens and a fixed server token. */
import type { TokenChecker, TokenInfo } from '../auth/token-checker.js';
import type { ServerTokenSource } from '../client/server-token-client.js';

/**
 * A token checker that knows exactly the given tokens.
 *
 * @example staticTokenChecker({ 'user-token-0123456789': { isServer: false, userid: 'abcdef0123' } })
 */
export function staticTokenChecker(tokens: Readonly<Record<string, TokenInfo>>): TokenChecker {
  const known = new Map(Object.entries(tokens));
  return { check: (token) => Promise.resolve(known.get(token) ?? null) };
}

/** A server token source that always answers the same token and ignores refusals. */
export function staticServerTokens(token: string): ServerTokenSource {
  return { getToken: () => Promise.resolve(token), invalidate: () => undefined };
}
