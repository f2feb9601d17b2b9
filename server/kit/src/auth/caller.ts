/** The authenticated caller of a request, set by the auth middleware and read by handlers. */
import type { IncomingMessage } from 'node:http';
import { unauthorized } from '../http/problems.js';
import type { TokenInfo } from './token-checker.js';

const callers = new WeakMap<IncomingMessage, TokenInfo>();

/** Records the caller of a request (the auth middleware does this). */
export function setCaller(request: IncomingMessage, caller: TokenInfo): void {
  callers.set(request, caller);
}

/** The caller of a request, or undefined on routes that take no token (`none`, `basic`, `secret`). */
export function findCaller(request: IncomingMessage): TokenInfo | undefined {
  return callers.get(request);
}

/**
 * The caller of a request on a `user` or `server` route. Throws a 401 problem when there is
 * none, which on such routes means the auth middleware did not run.
 *
 * @example const caller = getCaller(req); if (!caller.isServer && caller.userid !== params.userid) …
 */
export function getCaller(request: IncomingMessage): TokenInfo {
  const caller = callers.get(request);
  if (caller === undefined) throw unauthorized();
  return caller;
}
