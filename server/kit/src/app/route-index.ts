/** The routes of a contract by key: labels for logs and metrics, and an early check of their metadata. */
import { isAppRoute, type AppRoute, type AppRouter } from '@ts-rest/core';
import { routeMeta } from '@tidepool/spec';

/**
 * Maps each route of a contract to its key (`getUser`, or `auth.login` in a nested router).
 * Throws when a route has no metadata: without `auth` the kit could not know who may call
 * it, so the app refuses to start rather than serve it open.
 */
export function indexContractRoutes(contract: AppRouter, prefix = ''): Map<AppRoute, string> {
  const keys = new Map<AppRoute, string>();
  for (const [name, entry] of Object.entries(contract)) {
    const key = prefix + name;
    if (isAppRoute(entry)) {
      try {
        routeMeta(entry);
      } catch {
        throw new Error(
          `Route "${key}" (${entry.method} ${entry.path}) has no route metadata: ` +
            `add metadata: publicRoute(...) or internalRoute(...) in its contract.`,
        );
      }
      keys.set(entry, key);
    } else {
      for (const [route, nestedKey] of indexContractRoutes(entry, `${key}.`)) keys.set(route, nestedKey);
    }
  }
  return keys;
}

/**
 * Checks that handlers and contract name the same routes. ts-rest walks the handlers, so a
 * missing handler would silently leave its route unserved (404) and an extra one would fail
 * obscurely; both are refused with the route's name.
 */
export function assertHandlersMatchContract(contract: AppRouter, handlers: object, prefix = ''): void {
  const handlerEntries = handlers as Record<string, unknown>;
  for (const [name, entry] of Object.entries(contract)) {
    const handler = handlerEntries[name];
    if (handler === undefined) throw new Error(`No handler for route "${prefix}${name}" of the contract.`);
    if (!isAppRoute(entry)) {
      if (typeof handler !== 'object' || handler === null) {
        throw new Error(`"${prefix}${name}" is a router in the contract: its handlers must be an object.`);
      }
      assertHandlersMatchContract(entry, handler, `${prefix}${name}.`);
    }
  }
  for (const name of Object.keys(handlerEntries)) {
    if (!(name in contract)) throw new Error(`Handler "${prefix}${name}" has no route in the contract.`);
  }
}
