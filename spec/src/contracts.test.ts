import { isAppRoute, type AppRoute, type AppRouter } from '@ts-rest/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmptyMessageListSchema, SERVICES, isProblemResponse, routeMeta } from '@tidepool/spec';

function routeEntries(router: AppRouter): [string, AppRoute][] {
  return Object.entries(router).flatMap(([key, value]): [string, AppRoute][] =>
    isAppRoute(value) ? [[key, value]] : routeEntries(value),
  );
}

/** The Express pattern of a path: each `:param` matches one segment. */
function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
}

describe.each(SERVICES.map((service) => [service.name, service.contract] as const))(
  '%s contract',
  (_name, contract) => {
    const routes = routeEntries(contract);

    it('gives every route metadata, a summary, a description and strict status codes', () => {
      for (const [key, route] of routes) {
        expect(() => routeMeta(route), key).not.toThrow();
        expect(route.summary, key).toBeTruthy();
        expect(route.description, key).toBeTruthy();
        expect(route.strictStatusCodes, key).toBe(true);
      }
    });

    it('names every route in camelCase, starting with its verb', () => {
      for (const [key] of routes) expect(key).toMatch(/^[a-z]+([A-Z][a-z]*)*$/);
    });

    it('answers every error status with a problem (Tidepool’s empty message list aside)', () => {
      for (const [key, route] of routes) {
        for (const [status, response] of Object.entries(route.responses)) {
          if (Number(status) < 400) continue;
          const allowed = isProblemResponse(response) || response === EmptyMessageListSchema;
          expect(allowed, `${key} ${status}`).toBe(true);
        }
      }
    });

    it('declares a success status on every route', () => {
      for (const [key, route] of routes) {
        expect(
          Object.keys(route.responses).some((status) => Number(status) < 300),
          key,
        ).toBe(true);
      }
    });

    it('orders routes so that no earlier route of the same method captures a later one', () => {
      routes.forEach(([laterKey, later], laterIndex) => {
        for (const [earlierKey, earlier] of routes.slice(0, laterIndex)) {
          if (earlier.method !== later.method) continue;
          expect(pathPattern(earlier.path).test(later.path), `${earlierKey} captures ${laterKey}`).toBe(
            false,
          );
        }
      });
    });

    it('gives examples that the route’s own schemas accept', () => {
      for (const [key, route] of routes) {
        const examples = routeMeta(route).examples;
        if (examples?.body !== undefined && 'body' in route && route.body instanceof z.ZodType) {
          expect(route.body.safeParse(examples.body).error?.issues, key).toBeUndefined();
        }
        if (examples?.query !== undefined && route.query instanceof z.ZodType) {
          expect(route.query.safeParse(examples.query).error?.issues, key).toBeUndefined();
        }
      }
    });

    it('marks as idempotent only routes whose method is not idempotent already', () => {
      for (const [key, route] of routes) {
        if (routeMeta(route).idempotent === true) expect(['POST', 'PATCH'], key).toContain(route.method);
      }
    });

    it('validates every path parameter the path names', () => {
      for (const [key, route] of routes) {
        const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]);
        if (names.length === 0) continue;
        const schema = route.pathParams;
        if (!(schema instanceof z.ZodObject)) throw new Error(`${key} does not validate its path parameters`);
        expect(Object.keys(schema.shape as object).sort(), key).toEqual(names.sort());
      }
    });
  },
);

describe('contracts together', () => {
  it('give each public prefix to one service only', () => {
    const prefixes = SERVICES.flatMap((service) => (service.prefix === null ? [] : [service.prefix]));
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('mark the data upload idempotent, as the data service stores each datum once', () => {
    const idempotent = SERVICES.flatMap((service) =>
      routeEntries(service.contract)
        .filter(([, route]) => routeMeta(route).idempotent === true)
        .map(([key]) => `${service.name} ${key}`),
    );
    expect(idempotent).toEqual(['data uploadData']);
  });

  it('mark as routine the routes machines call on a timer, and only those', () => {
    const routine = SERVICES.flatMap((service) =>
      routeEntries(service.contract)
        .filter(([, route]) => routeMeta(route).routine === true)
        .map(([key]) => `${service.name} ${key}`),
    );
    const timed = ['hakken announceCoordinator', 'hakken publishListing', 'hakken replicate'];
    const probed = SERVICES.flatMap((service) => [`${service.name} getStatus`, `${service.name} getMetrics`]);
    expect(routine.sort()).toEqual([...timed, ...probed].sort());
  });

  it('mark the hakken and shio routes internal, as they are never public', () => {
    for (const service of SERVICES.filter((entry) => entry.prefix === null)) {
      for (const [key, route] of routeEntries(service.contract)) {
        if (key === 'getStatus') continue;
        expect(routeMeta(route).internal, `${service.name} ${key}`).toBe(true);
      }
    }
  });
});
