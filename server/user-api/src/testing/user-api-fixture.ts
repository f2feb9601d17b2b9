/** A real user-api for tests: the app on a free port over a real database (PGlite or PostgreSQL), cheap scrypt. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type OpenedDatabase, type RunningServer } from '@tidepool/kit';
import { openTestDatabase, silentLogger, startTestApp, type DatabaseBackend } from '@tidepool/kit/testing';
import type { Logger } from 'pino';
import { createApp, type UserApi, type UserApiDependencies } from '../app.js';
import { ConfigSchema, type Config } from '../config.js';
import { schema, type UserApiSchema } from '../db/schema.js';

/** The users database migrations, for `openTestDatabase`. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** scrypt at its cheapest: tests check behaviour, not cost (one test checks the production defaults). */
export const CHEAP_SCRYPT = { SCRYPT_LOG_N: '4', SCRYPT_R: '1', SCRYPT_P: '1' } as const;

export interface UserApiFixtureOptions {
  /** Environment variables on top of NODE_ENV=test, a fresh DATA_DIR and cheap scrypt. */
  readonly env?: Readonly<Record<string, string>>;
  /** Serve over this database instead of opening one (it is then left open at close). */
  readonly database?: OpenedDatabase<UserApiSchema>;
  readonly logger?: Logger;
  readonly dependencies?: Pick<UserApiDependencies, 'resolveService' | 'transport' | 'fetch'>;
}

export interface UserApiFixture extends AsyncDisposable {
  /** The base URL, as user-api serves it (no `/auth` prefix). */
  readonly url: string;
  readonly userApi: UserApi;
  readonly database: OpenedDatabase<UserApiSchema>;
  readonly config: Config;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/** Opens the users database for a suite (PGlite opens are slow: once per suite, in `beforeAll`). */
export function openUsersTestDatabase(backend: DatabaseBackend): Promise<OpenedDatabase<UserApiSchema>> {
  return openTestDatabase(backend, { schema, migrationsFolder });
}

/**
 * Starts user-api for a test.
 *
 * @example
 * const fixture = await startUserApiFixture('pglite');
 * const response = await fetch(`${fixture.url}/status`);
 * await fixture.close();
 */
export async function startUserApiFixture(
  backend: DatabaseBackend,
  options: UserApiFixtureOptions = {},
): Promise<UserApiFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'user-api-test-'));
  const config = loadConfig(ConfigSchema, {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...CHEAP_SCRYPT,
    ...options.env,
  });
  const database = options.database ?? (await openUsersTestDatabase(backend));
  const userApi = createApp(config, {
    logger: options.logger ?? silentLogger(),
    database,
    ...options.dependencies,
  });
  const server = await startTestApp(userApi.app);
  const close = async () => {
    await userApi.context.revocations.close();
    await server.close();
    await userApi.close();
    if (options.database === undefined) await database.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { url: server.url, userApi, database, config, server, close, [Symbol.asyncDispose]: close };
}
