/** What every route of the contracts says about itself beyond method, path and schemas. */
import type { AppRoute } from '@ts-rest/core';
import type { z } from 'zod';

/**
 * Who may call a route, as the kit's auth middleware and styx understand it.
 * - `none`: anyone, no token.
 * - `basic`: HTTP Basic credentials (login).
 * - `user`: a valid session token of a user or a server; the handler checks whose data it is.
 * - `server`: a server token only; user tokens are refused with 403.
 * - `secret`: the shared server secret in `x-tidepool-server-secret` (server login, hakken publish).
 *
 * Credentials are never declared as request headers in the contracts: clients add them from
 * this field, and the OpenAPI documents describe them as security schemes.
 */
export type RouteAuth = 'none' | 'basic' | 'user' | 'server' | 'secret';

/** Example request parts, copied into the OpenAPI documents. */
export interface RouteExamples {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
}

export interface RouteMeta {
  /** Internal routes are server-to-server only: styx refuses them from outside (404) and
   *  the public OpenAPI document leaves them out. */
  readonly internal: boolean;
  readonly auth: RouteAuth;
  /** The success response carries a fresh `x-tidepool-session-token` header (DESIGN.md §9). */
  readonly issuesSessionToken?: boolean;
  /**
   * Sending the request again has the effect of sending it once, although its method is not
   * idempotent (RFC 9110 §9.2.2): the service deduplicates it, as the data service does uploads.
   * Clients may then retry it as they retry a GET: after a timeout, a cut connection or a 503.
   */
  readonly idempotent?: boolean;
  /**
   * Machines call it on a timer (heartbeats, replication, health checks, metrics scrapes): the
   * service logs a success at `debug` rather than `info`, so that its log shows what people
   * did. A refusal (4xx) or a failure (5xx) is logged as for any route.
   */
  readonly routine?: boolean;
  /** For `text/event-stream` routes: the JSON shape of each event's `data`. */
  readonly eventSchema?: z.ZodTypeAny;
  readonly examples?: RouteExamples;
}

/** The optional parts of a route's metadata. */
export type RouteOptions = Omit<RouteMeta, 'internal' | 'auth'>;

/** Route metadata for a public route, for example `publicRoute('basic', { issuesSessionToken: true })`. */
export function publicRoute(auth: RouteAuth, options: RouteOptions = {}): RouteMeta {
  return { internal: false, auth, ...options };
}

/** Route metadata for an internal, server-to-server route. */
export function internalRoute(auth: RouteAuth, options: RouteOptions = {}): RouteMeta {
  return { internal: true, auth, ...options };
}

const ROUTE_AUTHS: ReadonlySet<string> = new Set<RouteAuth>(['none', 'basic', 'user', 'server', 'secret']);

function isRouteMeta(value: unknown): value is RouteMeta {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.internal === 'boolean' &&
    typeof candidate.auth === 'string' &&
    ROUTE_AUTHS.has(candidate.auth)
  );
}

/**
 * The metadata of a route of the contracts; throws when a route has none, which only a
 * contract bug can cause (a test checks every route).
 *
 * @example routeMeta(userApiContract.login).auth // 'basic'
 */
export function routeMeta(route: AppRoute): RouteMeta {
  if (!isRouteMeta(route.metadata)) {
    throw new Error(`Route ${route.method} ${route.path} has no route metadata (publicRoute/internalRoute).`);
  }
  return route.metadata;
}

/** Whether a route is server-to-server only (never forwarded by styx, not in public.json). */
export function isInternalRoute(route: AppRoute): boolean {
  return routeMeta(route).internal;
}
