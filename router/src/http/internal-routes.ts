/**
 * Routes of the contracts that styx treats apart, found by matchers built from the contracts:
 * internal routes, refused from outside (DESIGN.md §3, §6 "a second wall"), and POSTs the
 * contract marks idempotent (`RouteMeta.idempotent`), retried like a GET.
 */
import type { AppRoute, AppRouter } from '@ts-rest/core';
import { isInternalRoute, routeMeta, type ServiceEntry } from '@tidepool/spec';
import { canonicalPath } from './request-target.js';

/** One internal route: its method and its path, split into segments (`null` for a `:param`). */
interface InternalPattern {
  readonly method: string;
  readonly segments: readonly (string | null)[];
  /** The path as the contract writes it, for logs: never the request's own path, which may hold a token. */
  readonly template: string;
}

export interface InternalRouteMatcher {
  /**
   * The template of the route that a request would reach (`/auth/token/:token`), or
   * `undefined` when it reaches none. `path`, without its query, is matched in canonical form
   * (see `canonicalPath`).
   */
  match(method: string, path: string): string | undefined;
}

/** Whether a request with `method` is served by a route of `routeMethod`. */
type MethodReaches = (method: string, routeMethod: string) => boolean;

function isAppRoute(value: AppRoute | AppRouter): value is AppRoute {
  return typeof (value as Partial<AppRoute>).method === 'string' && typeof value.path === 'string';
}

function* routesOf(router: AppRouter): Generator<AppRoute> {
  for (const value of Object.values(router)) {
    if (isAppRoute(value)) yield value;
    else yield* routesOf(value);
  }
}

function patternOf(method: string, template: string): InternalPattern {
  const segments = template
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment.startsWith(':') ? null : segment.toLowerCase()));
  return { method, segments, template };
}

/** Whether a request with `method` reaches a route of `routeMethod`: servers answer HEAD with GET's handler, and OPTIONS for any. */
function methodReaches(method: string, routeMethod: string): boolean {
  return method === routeMethod || method === 'OPTIONS' || (method === 'HEAD' && routeMethod === 'GET');
}

/** A pattern's segments after the first match a request's. */
function restMatches(pattern: InternalPattern, segments: readonly string[]): boolean {
  for (let index = 1; index < pattern.segments.length; index += 1) {
    const segment = pattern.segments[index];
    if (segment !== null && segment !== segments[index]) return false;
  }
  return true;
}

/**
 * Patterns are looked up by segment count and first segment (a `:param` first segment under
 * `null`), so a request is compared with the few patterns that could match it: this runs for
 * every request styx forwards.
 */
function createMatcher(
  patterns: readonly InternalPattern[],
  reaches: MethodReaches = methodReaches,
): InternalRouteMatcher {
  const index = new Map<number, Map<string | null, InternalPattern[]>>();
  for (const pattern of patterns) {
    const byFirst = index.get(pattern.segments.length) ?? new Map<string | null, InternalPattern[]>();
    index.set(pattern.segments.length, byFirst);
    const first = pattern.segments[0] ?? null;
    byFirst.set(first, [...(byFirst.get(first) ?? []), pattern]);
  }
  function matchAmong(
    candidates: readonly InternalPattern[] | undefined,
    method: string,
    segments: readonly string[],
  ): string | undefined {
    if (candidates === undefined) return undefined;
    for (const pattern of candidates) {
      if (reaches(method, pattern.method) && restMatches(pattern, segments)) return pattern.template;
    }
    return undefined;
  }
  return {
    match(method, path) {
      const segments = canonicalPath(path).split('/').slice(1);
      const byFirst = index.get(segments.length);
      if (byFirst === undefined) return undefined;
      return (
        matchAmong(byFirst.get(segments[0] ?? ''), method, segments) ??
        matchAmong(byFirst.get(null), method, segments)
      );
    },
  };
}

/** Every service serves `/metrics` on its private interface only (spec's service-status routes). */
const METRICS_PATHS = ['/metrics'];

function internalPatterns(service: ServiceEntry, prefix: string): InternalPattern[] {
  const patterns: InternalPattern[] = [];
  for (const route of routesOf(service.contract)) {
    if (isInternalRoute(route)) patterns.push(patternOf(route.method, prefix + route.path));
  }
  for (const path of METRICS_PATHS) patterns.push(patternOf('GET', prefix + path));
  return patterns;
}

/**
 * The internal routes of every public service as seen from outside, under its prefix
 * (`GET /auth/token/:token`, `GET /metadata/metrics`, …).
 *
 * @example createPublicInternalRouteMatcher(SERVICES).match('GET', '/auth/token/abc') // '/auth/token/:token'
 */
export function createPublicInternalRouteMatcher(services: readonly ServiceEntry[]): InternalRouteMatcher {
  return createMatcher(
    services.flatMap((service) => (service.prefix === null ? [] : internalPatterns(service, service.prefix))),
  );
}

/**
 * The internal routes of one service as it serves them (no prefix), for the path styx is about
 * to send it, whatever rule led there; for a service without a contract (the portal) or a
 * static upstream, only `/metrics`.
 */
export function createServiceInternalRouteMatcher(service: ServiceEntry | undefined): InternalRouteMatcher {
  if (service !== undefined) return createMatcher(internalPatterns(service, ''));
  return createMatcher(METRICS_PATHS.map((path) => patternOf('GET', path)));
}

/**
 * The routes of one service (paths as it serves them, no prefix) that its contract marks
 * idempotent: POSTs it deduplicates, such as the data upload. Only the route's own method
 * matches. For a service without a contract, or a static upstream, none.
 *
 * @example createServiceIdempotentRouteMatcher(dataService).match('POST', '/0123abcd') // '/:userid'
 */
export function createServiceIdempotentRouteMatcher(service: ServiceEntry | undefined): InternalRouteMatcher {
  const patterns =
    service === undefined
      ? []
      : [...routesOf(service.contract)]
          .filter((route) => routeMeta(route).idempotent === true)
          .map((route) => patternOf(route.method, route.path));
  return createMatcher(patterns, (method, routeMethod) => method === routeMethod);
}
