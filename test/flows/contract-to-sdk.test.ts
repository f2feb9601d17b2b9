/**
 * One real route the whole way (issue 2, part 5): the contract's `GET /status` of user-api,
 * served by a handler of the service kit over a real database, called through the SDK with
 * the public prefix styx adds, and present in the generated OpenAPI document.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { initContract } from '@ts-rest/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp, type OpenedDatabase } from '@tidepool/kit';
import {
  databaseBackends,
  openTestDatabase,
  silentLogger,
  startTestApp,
  staticTokenChecker,
} from '@tidepool/kit/testing';
import { createClient, ServerError } from '@tidepool/sdk';
import { ServiceStatusSchema, userApiContract } from '@tidepool/spec';
import { schema } from '../../server/kit/test-fixtures/schema.js';

const migrationsFolder = fileURLToPath(new URL('../../server/kit/test-fixtures/migrations', import.meta.url));
const publicDocument = fileURLToPath(new URL('../../spec/openapi/public.json', import.meta.url));

/** The real routes of the contract, not copies: the status route and its metrics sibling. */
const statusContract = initContract().router({
  getStatus: userApiContract.getStatus,
  getMetrics: userApiContract.getMetrics,
});

describe.each(databaseBackends())('contract → kit → SDK → OpenAPI on %s', (backend) => {
  let database: OpenedDatabase<typeof schema>;

  beforeAll(async () => {
    database = await openTestDatabase(backend, { schema, migrationsFolder });
  });
  afterAll(async () => {
    await database.close();
  });

  /** A service app behind `/auth`, as styx strips the prefix (DESIGN.md §2). */
  async function startBehindPrefix() {
    const { app: service } = createServiceApp({
      service: 'user-api',
      version: '0.1.0',
      contract: statusContract,
      handlers: {},
      config: { NODE_ENV: 'test', BODY_LIMIT: '1mb', SERVER_SECRET: 's'.repeat(32) },
      logger: silentLogger(),
      tokenChecker: staticTokenChecker({}),
      checks: { database: () => database.ping() },
    });
    const edge = express();
    edge.use('/auth', service);
    return startTestApp(edge);
  }

  it('answers the SDK with the contract shape, having asked the database', async () => {
    await using server = await startBehindPrefix();
    const client = createClient({ baseUrl: server.url });

    const status = await client.auth.getStatus();

    expect(ServiceStatusSchema.parse(status)).toEqual(status);
    expect(status).toMatchObject({ service: 'user-api', status: 'ok', checks: { database: 'ok' } });
  });

  it('surfaces a failing database as a typed 503 error in the SDK', async () => {
    await using server = await startBehindPrefix();
    const client = createClient({ baseUrl: server.url, retry: { maxAttempts: 1 } });
    const broken = await openTestDatabase(backend, { schema, migrationsFolder });
    await broken.close();
    const original = database;
    database = broken;
    try {
      const failure = await client.auth.getStatus().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ServerError);
      expect(failure).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      database = original;
    }
  });

  it('is documented in the public OpenAPI document under its public path', async () => {
    const document = JSON.parse(await readFile(publicDocument, 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
    };
    const operation = document.paths['/auth/status']?.get;
    expect(operation?.operationId).toBeTruthy();
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '503']));
    expect(document.paths['/auth/metrics']).toBeUndefined();
  });
});
