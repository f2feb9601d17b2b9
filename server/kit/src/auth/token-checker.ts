/** Who a session token belongs to: the interface the auth middleware asks (user-api supplies the real one). */

/** The owner of a valid token: a user (with the session it belongs to) or a server. */
export type TokenInfo =
  | { readonly isServer: false; readonly userid: string; readonly sessionId?: string }
  | { readonly isServer: true; readonly serverName: string };

/**
 * Checks session tokens. user-api checks against its own sessions; every other service asks
 * user-api through `createRemoteTokenChecker`.
 */
export interface TokenChecker {
  /** The owner of the token, or null when it is unknown, expired or revoked. */
  check(token: string): Promise<TokenInfo | null>;
}
