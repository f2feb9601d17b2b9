/** What every route of the contracts says about itself beyond method, path and schemas. */

/**
 * Who may call a route, as the kit's auth middleware and styx understand it.
 * - `none`: anyone, no token.
 * - `basic`: HTTP Basic credentials (login).
 * - `user`: a valid session token of a user or a server; the handler checks whose data it is.
 * - `server`: a server token only; user tokens are refused with 403.
 * - `secret`: the shared server secret in `x-tidepool-server-secret` (server login, hakken publish).
 */
export type RouteAuth = 'none' | 'basic' | 'user' | 'server' | 'secret';

export interface RouteMeta {
  /** Internal routes are server-to-server only: styx refuses them from outside (404) and
   *  the public OpenAPI document leaves them out. */
  readonly internal: boolean;
  readonly auth: RouteAuth;
  /** Example request parts, copied into the OpenAPI documents. */
  readonly examples?: {
    readonly body?: unknown;
    readonly query?: Record<string, string>;
  };
}

/** Route metadata for a public route. */
export function publicRoute(auth: RouteAuth, examples?: RouteMeta['examples']): RouteMeta {
  return examples === undefined ? { internal: false, auth } : { internal: false, auth, examples };
}

/** Route metadata for an internal, server-to-server route. */
export function internalRoute(auth: RouteAuth, examples?: RouteMeta['examples']): RouteMeta {
  return examples === undefined ? { internal: true, auth } : { internal: true, auth, examples };
}
