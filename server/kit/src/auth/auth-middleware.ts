/** Enforces each route's `metadata.auth` (spec RouteMeta) before its handler runs. */
import type { NextFunction, Request, Response } from 'express';
import type { AppRoute } from '@ts-rest/core';
import { routeMeta, SERVER_SECRET_HEADER, SESSION_TOKEN_HEADER, type RouteAuth } from '@tidepool/spec';
import { safeEqual } from '../crypto/safe-equal.js';
import { forbidden, unauthorized } from '../http/problems.js';
import { setCaller } from './caller.js';
import type { TokenChecker } from './token-checker.js';

export interface AuthMiddlewareOptions {
  readonly tokenChecker: TokenChecker;
  /** The shared server secret, for `secret` routes. */
  readonly serverSecret: string;
}

function singleHeader(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A ts-rest global middleware. `none` and `basic` pass (the login handler checks Basic
 * credentials itself); `user` needs a valid session token of a user or a server; `server`
 * needs a server token and answers 403 to a user token; `secret` compares
 * `x-tidepool-server-secret` with the server secret in constant time.
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions) {
  async function authorize(request: Request, auth: RouteAuth): Promise<void> {
    switch (auth) {
      case 'none':
      case 'basic':
        return;
      case 'secret': {
        const secret = singleHeader(request, SERVER_SECRET_HEADER);
        if (secret === undefined || !safeEqual(secret, options.serverSecret)) {
          throw unauthorized('A valid server secret is required.');
        }
        return;
      }
      case 'user':
      case 'server': {
        const token = singleHeader(request, SESSION_TOKEN_HEADER);
        const caller = token === undefined ? null : await options.tokenChecker.check(token);
        if (caller === null) throw unauthorized('A valid session token is required.');
        if (auth === 'server' && !caller.isServer) throw forbidden('Only servers may call this route.');
        setCaller(request, caller);
        return;
      }
    }
  }

  return (request: Request & { tsRestRoute: AppRoute }, _response: Response, next: NextFunction): void => {
    authorize(request, routeMeta(request.tsRestRoute).auth).then(() => {
      next();
    }, next);
  };
}
