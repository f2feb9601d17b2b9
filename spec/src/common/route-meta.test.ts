import { describe, expect, it } from 'vitest';
import { internalRoute, isInternalRoute, publicRoute, routeMeta, userApiContract } from '@tidepool/spec';

describe('route metadata', () => {
  it('reads the auth and token flag of a route', () => {
    expect(routeMeta(userApiContract.login)).toEqual({
      internal: false,
      auth: 'basic',
      issuesSessionToken: true,
    });
  });

  it('tells internal routes from public ones', () => {
    expect(isInternalRoute(userApiContract.checkToken)).toBe(true);
    expect(isInternalRoute(userApiContract.getCurrentUser)).toBe(false);
  });

  it('throws, naming the route, when a route has no metadata', () => {
    const route = { method: 'GET', path: '/bare', responses: {} } as const;
    expect(() => routeMeta(route)).toThrow('GET /bare');
  });

  it('builds public and internal metadata with options', () => {
    expect(publicRoute('none', { examples: { body: {} } })).toEqual({
      internal: false,
      auth: 'none',
      examples: { body: {} },
    });
    expect(internalRoute('server')).toEqual({ internal: true, auth: 'server' });
  });
});
