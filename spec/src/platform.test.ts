import { initClient, isAppRoute, type AppRoute, type AppRouter } from '@ts-rest/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  SERVICES,
  isInternalRoute,
  platformContract,
  routeMeta,
  userApiContract,
  type User,
} from '@tidepool/spec';

function routesOf(router: AppRouter): AppRoute[] {
  return Object.values(router).flatMap((value) => (isAppRoute(value) ? [value] : routesOf(value)));
}

describe('platformContract', () => {
  it('serves each public service under its styx prefix', () => {
    expect(platformContract.auth.login.path).toBe('/auth/login');
    expect(platformContract.metadata.getCollection.path).toBe('/metadata/:userid/:collection');
    expect(platformContract.access.listGrantees.path).toBe('/access/:userid');
    expect(platformContract.data.uploadData.path).toBe('/data/:userid');
    expect(platformContract.message.sendMessage.path).toBe('/message/send/:groupid');
  });

  it('keeps the paths as literal types, so clients are typed', () => {
    expectTypeOf(platformContract.auth.login.path).toEqualTypeOf<'/auth/login'>();
    expectTypeOf(platformContract.data.queryData.path).toEqualTypeOf<'/data/:userid'>();
  });

  it('adds the router answers 502, 503 and 504 without replacing what a route declares', () => {
    const login = platformContract.auth.login;
    expect(Object.keys(login.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '429',
      '500',
      '502',
      '503',
      '504',
    ]);
    expect(platformContract.auth.getStatus.responses[503]).toBe(userApiContract.getStatus.responses[503]);
  });

  it('keeps the metadata and strict status codes of every route', () => {
    for (const route of routesOf(platformContract)) {
      expect(route.strictStatusCodes).toBe(true);
      expect(routeMeta(route).auth).toBeDefined();
    }
    expect(isInternalRoute(platformContract.auth.serverLogin)).toBe(true);
    expect(isInternalRoute(platformContract.auth.login)).toBe(false);
  });

  it('types the answers of a ts-rest client built on it', () => {
    const client = initClient(platformContract, { baseUrl: 'http://localhost:8009' });
    type LoginResult = Awaited<ReturnType<typeof client.auth.login>>;
    expectTypeOf<Extract<LoginResult, { status: 200 }>['body']>().toEqualTypeOf<User>();
    expect(typeof client.auth.login).toBe('function');
  });
});

describe('SERVICES', () => {
  it('lists every service once, with the prefixes of DESIGN.md §2', () => {
    expect(SERVICES.map((service) => [service.name, service.prefix])).toEqual([
      ['user-api', '/auth'],
      ['metadata', '/metadata'],
      ['access', '/access'],
      ['message-api', '/message'],
      ['data', '/data'],
      ['hakken', null],
      ['shio-agent', null],
    ]);
  });

  it('holds the unprefixed contracts', () => {
    const userApi = SERVICES.find((service) => service.name === 'user-api');
    expect(userApi?.contract).toBe(userApiContract);
  });
});
