import { describe, expect, it } from 'vitest';
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { SERVICES, internalRoute, publicRoute } from '@tidepool/spec';
import {
  createPublicInternalRouteMatcher,
  createServiceIdempotentRouteMatcher,
  createServiceInternalRouteMatcher,
} from './internal-routes.js';
import { canonicalPath } from './request-target.js';

describe('internal routes', () => {
  const matcher = createPublicInternalRouteMatcher(SERVICES);

  it('knows the internal routes of the contracts under their public prefix', () => {
    expect(matcher.match('GET', '/auth/token/abc')).toBe('/auth/token/:token');
    expect(matcher.match('GET', '/metadata/internal/users/u1/pairs/data')).toBe(
      '/metadata/internal/users/:userid/pairs/:name',
    );
    expect(matcher.match('GET', '/data/metrics')).toBe('/data/metrics');
  });

  it('lets public routes through', () => {
    expect(matcher.match('POST', '/auth/login')).toBeUndefined();
    expect(matcher.match('GET', '/data/u1')).toBeUndefined();
    expect(matcher.match('GET', '/metadata/u1/profile')).toBeUndefined();
  });

  it('matches HEAD and OPTIONS as the GET route they reach', () => {
    expect(matcher.match('HEAD', '/auth/token/abc')).toBe('/auth/token/:token');
    expect(matcher.match('OPTIONS', '/auth/token/abc')).toBe('/auth/token/:token');
    expect(matcher.match('POST', '/auth/token/abc')).toBeUndefined();
  });

  it('matches the spellings a server would understand the same way', () => {
    for (const path of [
      '/auth/TOKEN/abc',
      '/auth//token/abc/',
      '/auth/%74oken/abc',
      '/auth/%2574oken/abc',
      '/auth/a/../token/abc',
    ]) {
      expect(matcher.match('GET', path), path).toBe('/auth/token/:token');
    }
  });

  it('knows a service without a contract only by its /metrics', () => {
    const portal = createServiceInternalRouteMatcher(undefined);

    expect(portal.match('GET', '/metrics')).toBe('/metrics');
    expect(portal.match('GET', '/token/abc')).toBeUndefined();
  });

  it('canonicalizes paths: decoded, dot segments resolved, lower case, no empty segments', () => {
    expect(canonicalPath('/A//b/./c/../D%2Fe/')).toBe('/a/b/d/e');
  });
});

describe('internal routes whose first segment is a parameter', () => {
  const contract = initContract().router({
    secret: {
      method: 'GET',
      path: '/:userid/secret',
      metadata: internalRoute('server'),
      responses: { 200: z.object({}) },
    },
    internalList: {
      method: 'GET',
      path: '/internal/list',
      metadata: internalRoute('server'),
      responses: { 200: z.object({}) },
    },
    open: {
      method: 'GET',
      path: '/:userid/open',
      metadata: publicRoute('user'),
      responses: { 200: z.object({}) },
    },
  });
  const matcher = createServiceInternalRouteMatcher({
    name: 'data',
    prefix: '/data',
    summary: 'A test service.',
    contract,
  });

  it('matches them whatever the first segment, beside literal ones', () => {
    expect(matcher.match('GET', '/u1/secret')).toBe('/:userid/secret');
    expect(matcher.match('GET', '/internal/secret')).toBe('/:userid/secret');
    expect(matcher.match('GET', '/internal/list')).toBe('/internal/list');
    expect(matcher.match('GET', '/u1/open')).toBeUndefined();
    expect(matcher.match('GET', '/u1/secret/more')).toBeUndefined();
  });
});

describe('routes the contracts mark idempotent', () => {
  const service = (name: string) => SERVICES.find((entry) => entry.name === name);

  it('are the data upload, by its own method only', () => {
    const data = createServiceIdempotentRouteMatcher(service('data'));

    expect(data.match('POST', '/0123abcd')).toBe('/:userid');
    expect(data.match('POST', '/0123ABCD/')).toBe('/:userid');
    expect(data.match('GET', '/0123abcd')).toBeUndefined();
    expect(data.match('PATCH', '/0123abcd')).toBeUndefined();
    expect(data.match('POST', '/0123abcd/more')).toBeUndefined();
  });

  it('are no other POST of the services', () => {
    expect(
      createServiceIdempotentRouteMatcher(service('message-api')).match('POST', '/send/g1'),
    ).toBeUndefined();
    expect(createServiceIdempotentRouteMatcher(service('user-api')).match('POST', '/login')).toBeUndefined();
    expect(createServiceIdempotentRouteMatcher(undefined).match('POST', '/0123abcd')).toBeUndefined();
  });
});
