import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { internalRoute, publicRoute } from '@tidepool/spec';
import { assertHandlersMatchContract, indexContractRoutes } from './route-index.js';

const c = initContract();
const contract = c.router({
  getStatus: {
    method: 'GET',
    path: '/status',
    responses: { 200: z.object({}) },
    metadata: publicRoute('none'),
  },
  auth: c.router(
    {
      login: {
        method: 'POST',
        path: '/login',
        body: c.noBody(),
        responses: { 200: z.object({}) },
        metadata: publicRoute('basic'),
      },
    },
    { pathPrefix: '/auth' },
  ),
  eraseUser: {
    method: 'DELETE',
    path: '/internal/users/:userid',
    responses: { 204: c.noBody() },
    metadata: internalRoute('server'),
  },
});

describe('indexContractRoutes', () => {
  it('keys every route by its name, dotted through nested routers', () => {
    expect([...indexContractRoutes(contract).values()]).toEqual(['getStatus', 'auth.login', 'eraseUser']);
    expect(indexContractRoutes(contract).get(contract.auth.login)).toBe('auth.login');
  });
});

describe('assertHandlersMatchContract', () => {
  const handler = () => Promise.resolve({ status: 200, body: {} });

  it('accepts handlers for exactly the routes of the contract', () => {
    expect(() => {
      assertHandlersMatchContract(contract, {
        getStatus: handler,
        auth: { login: handler },
        eraseUser: handler,
      });
    }).not.toThrow();
  });

  it('names a missing or an extra handler', () => {
    expect(() => {
      assertHandlersMatchContract(contract, { getStatus: handler, auth: {}, eraseUser: handler });
    }).toThrow('No handler for route "auth.login" of the contract.');
    expect(() => {
      assertHandlersMatchContract(contract, {
        getStatus: handler,
        auth: { login: handler },
        eraseUser: handler,
        extra: handler,
      });
    }).toThrow('Handler "extra" has no route in the contract.');
  });
});
