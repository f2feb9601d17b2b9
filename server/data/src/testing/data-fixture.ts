/** A real data service for tests: the app on a free port over a real database, with in-memory access, metadata and tokens. */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import {
  generateSalt,
  loadConfig,
  type OpenedDatabase,
  type RunningServer,
  type TokenChecker,
  type TokenInfo,
} from '@tidepool/kit';
import { openTestDatabase, silentLogger, startTestApp, type DatabaseBackend } from '@tidepool/kit/testing';
import {
  memoryPairs,
  memoryPermissions,
  type MemoryPairs,
  type MemoryPermissions,
} from '@tidepool/service-runtime/testing';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { createApp } from '../app.js';
import { ConfigSchema, type Config } from '../config.js';
import { schema, type DataSchema } from '../db/schema.js';

/** The data database migrations, for `openTestDatabase`. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface DataFixtureOptions {
  /** Environment variables on top of NODE_ENV=test and a fresh DATA_SALT_DEPLOY. */
  readonly env?: Readonly<Record<string, string>>;
  /** Serve over this database instead of opening one (it is then left open at close). */
  readonly database?: OpenedDatabase<DataSchema>;
  readonly logger?: Logger;
  /** Share the stand-ins of access and metadata with another fixture (two instances, one platform). */
  readonly permissions?: MemoryPermissions;
  readonly pairs?: MemoryPairs;
}

/** A user of the fixture: an account metadata knows, and a session token. */
export interface FixtureUser {
  readonly userid: string;
  readonly token: string;
}

export interface DataFixture extends AsyncDisposable {
  /** The base URL, as data serves it (no `/data` prefix). */
  readonly url: string;
  readonly config: Config;
  readonly database: OpenedDatabase<DataSchema>;
  readonly server: RunningServer;
  /** access: grant with `permissions.grant(patient, other, { view: {} })`. */
  readonly permissions: MemoryPermissions;
  /** metadata: the users' `data` pairs. */
  readonly pairs: MemoryPairs;
  /** A token the fixture's token checker takes as a server's. */
  readonly serverToken: string;
  /** Makes a user with an account and a valid token. */
  addUser(): FixtureUser;
  close(): Promise<void>;
}

/** Opens the data database for a suite (PGlite opens are slow: once per suite, in `beforeAll`). */
export function openDataTestDatabase(backend: DatabaseBackend): Promise<OpenedDatabase<DataSchema>> {
  return openTestDatabase(backend, { schema, migrationsFolder });
}

/**
 * Starts data for a test.
 *
 * @example
 * await using fixture = await startDataFixture('pglite');
 * const patient = fixture.addUser();
 * const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body: [datum] });
 */
export async function startDataFixture(
  backend: DatabaseBackend,
  options: DataFixtureOptions = {},
): Promise<DataFixture> {
  const config = loadConfig(ConfigSchema, {
    NODE_ENV: 'test',
    DATA_SALT_DEPLOY: generateSalt(),
    ...options.env,
  });
  const tokens = new Map<string, TokenInfo>();
  const serverToken = randomBytes(16).toString('hex');
  tokens.set(serverToken, { isServer: true, serverName: 'user-api' });
  const tokenChecker: TokenChecker = { check: (token) => Promise.resolve(tokens.get(token) ?? null) };
  const permissions = options.permissions ?? memoryPermissions();
  const pairs = options.pairs ?? memoryPairs();
  const database = options.database ?? (await openDataTestDatabase(backend));
  const { app } = createApp(config, {
    logger: options.logger ?? silentLogger(),
    database,
    tokenChecker,
    permissions,
    pairs,
  });
  const server = await startTestApp(app);
  const close = async () => {
    await server.close();
    if (options.database === undefined) await database.close();
  };
  return {
    url: server.url,
    config,
    database,
    server,
    permissions,
    pairs,
    serverToken,
    addUser() {
      const user = { userid: randomBytes(5).toString('hex'), token: randomBytes(16).toString('hex') };
      pairs.addUser(user.userid);
      tokens.set(user.token, { isServer: false, userid: user.userid });
      return user;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Sends JSON with an optional session token. */
export function send(
  fixture: Pick<DataFixture, 'url'>,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${fixture.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { [SESSION_TOKEN_HEADER]: options.token }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}
