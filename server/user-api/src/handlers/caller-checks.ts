/** Who may act on whose account (DESIGN.md §5): the user themself, or a server. */
import type { Request } from 'express';
import { forbidden, getCaller, type TokenInfo } from '@tidepool/kit';

/** A user caller: the user id and the session of their token. */
export interface UserCaller {
  readonly userid: string;
  readonly sessionId: string | undefined;
}

/** The calling user; a server token gets a 403 problem (servers have no account of their own). */
export function requireUserCaller(request: Request): UserCaller {
  const caller = getCaller(request);
  if (caller.isServer) throw forbidden('Servers have no account; use a user’s session token.');
  return { userid: caller.userid, sessionId: caller.sessionId };
}

/** The caller, when it is the user `userid` or a server; any other user gets a 403 problem. */
export function requireSelfOrServer(request: Request, userid: string): TokenInfo {
  const caller = getCaller(request);
  if (!caller.isServer && caller.userid !== userid) throw forbidden('You may act only on your own account.');
  return caller;
}

/** The client address for throttling: styx's `X-Forwarded-For`, which the kit trusts from private networks. */
export function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
