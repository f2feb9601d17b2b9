/** How user-api itself checks tokens: straight from its sessions, with no cache, so a logout holds at once here. */
import type { ServerTokenSource, TokenChecker } from '@tidepool/kit';
import type { SessionStore } from './session-store.js';

/** The kit's `TokenChecker` over the session store. */
export function createLocalTokenChecker(sessions: SessionStore): TokenChecker {
  return {
    async check(token) {
      const owner = await sessions.check(token);
      if (owner === null) return null;
      return owner.kind === 'server'
        ? { isServer: true, serverName: owner.serverName }
        : { isServer: false, userid: owner.userid, sessionId: owner.sessionId };
    },
  };
}

/**
 * user-api's own server token, for the calls it makes (erasures): a server session started in
 * its own database instead of a login over HTTP. Renewed well within the server session's life.
 */
export function createLocalServerTokens(
  sessions: SessionStore,
  serverSessionSeconds: number,
  serverName = 'user-api',
): ServerTokenSource {
  let cached: { token: string; renewAt: number } | undefined;
  return {
    async getToken() {
      if (cached !== undefined && cached.renewAt > Date.now()) return cached.token;
      const { token } = await sessions.startServerSession(serverName);
      cached = { token, renewAt: Date.now() + (serverSessionSeconds * 1000) / 2 };
      return token;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
