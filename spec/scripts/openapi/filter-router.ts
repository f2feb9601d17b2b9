/** Keeping only some routes of a ts-rest router (for example the public ones), nesting kept. */
import { isAppRoute, type AppRoute, type AppRouter } from '@ts-rest/core';

/** The router with only the routes `keep` accepts; routers left empty are dropped. */
export function filterRouter(router: AppRouter, keep: (route: AppRoute) => boolean): AppRouter {
  const kept: AppRouter = {};
  for (const [key, value] of Object.entries(router)) {
    if (isAppRoute(value)) {
      if (keep(value)) kept[key] = value;
      continue;
    }
    const nested = filterRouter(value, keep);
    if (Object.keys(nested).length > 0) kept[key] = nested;
  }
  return kept;
}

/** Every route of a router, depth first, in declaration order. */
export function routesOf(router: AppRouter): AppRoute[] {
  return Object.values(router).flatMap((value) => (isAppRoute(value) ? [value] : routesOf(value)));
}
