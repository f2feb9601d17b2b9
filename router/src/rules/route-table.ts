/** Finding the rule of a request: by Host (exact, case-insensitive, then `*`), then the first matching prefix. */

/** What the table needs of a compiled rule. */
export interface PrefixedRoute {
  readonly pathPrefix: string;
}

/** Why no rule matched: no rules for the Host (and no `*`), or none of its rules matches the path. */
export type RouteMiss = 'unknown-host' | 'unknown-path';

export interface RouteTable<Route extends PrefixedRoute> {
  /** The rule for a Host header value (or `undefined`) and a path without its query. */
  match(host: string | undefined, path: string): Route | RouteMiss;
  /** Every route, for status pages and closing. */
  readonly routes: readonly Route[];
}

/** Whether `path` is under `prefix` at a segment boundary: `/auth` matches `/auth` and `/auth/login`, not `/authx`. */
export function matchesPrefix(prefix: string, path: string): boolean {
  if (prefix === '/') return true;
  if (!path.startsWith(prefix)) return false;
  return path.length === prefix.length || path.charCodeAt(prefix.length) === 47; // '/'
}

/** `Example.org:8009` → `example.org`; `[::1]:8009` → `[::1]`. */
function withoutPort(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon === -1 || host.endsWith(']')) return host;
  return host.slice(0, colon);
}

/**
 * Builds the lookup from host keys (as in the rules file) to their ordered routes.
 *
 * @example const table = createRouteTable(new Map([['*', [authRoute, portalRoute]]]));
 */
export function createRouteTable<Route extends PrefixedRoute>(
  routesByHost: ReadonlyMap<string, readonly Route[]>,
): RouteTable<Route> {
  const byHost = new Map<string, readonly Route[]>();
  for (const [host, routes] of routesByHost) byHost.set(host.toLowerCase(), routes);
  const fallback = byHost.get('*');
  // A Host header is matched as sent, then without its port, so `api.example.org` also
  // covers `api.example.org:8009` unless the port has rules of its own.
  const lastSeen = { host: '', routes: fallback };

  function routesFor(host: string | undefined): readonly Route[] | undefined {
    if (host === undefined || host === '') return fallback;
    if (host === lastSeen.host) return lastSeen.routes;
    const lower = host.toLowerCase();
    const routes = byHost.get(lower) ?? byHost.get(withoutPort(lower)) ?? fallback;
    lastSeen.host = host;
    lastSeen.routes = routes;
    return routes;
  }

  return {
    routes: [...byHost.values()].flat(),
    match(host, path) {
      const routes = routesFor(host);
      if (routes === undefined) return 'unknown-host';
      for (const route of routes) {
        if (matchesPrefix(route.pathPrefix, path)) return route;
      }
      return 'unknown-path';
    },
  };
}
