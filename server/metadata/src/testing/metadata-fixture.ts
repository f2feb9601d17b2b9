/** A real metadata for tests: the app on a free port over a real database (PGlite or PostgreSQL). */
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import {
  generateSalt,
  loadConfig,
  type OpenedDatabase,
  type RunningServer,
  type ServerTokenSource,
  type TokenChecker,
} from '@tidepool/kit';
import { openTestDatabase, silentLogger, startTestApp, type DatabaseBackend } from '@tidepool/kit/testing';
import {
  createAccessPermissionSource,
  fixedServiceLocator,
  type PermissionSource,
} from '@tidepool/service-runtime';
import { createApp, type MetadataApp } from '../app.js';
import { ConfigSchema, type Config } from '../config.js';
import { schema, type MetadataSchema } from '../db/schema.js';
import type { AccountSource } from '../platform/account-source.js';
import type { SharingSource } from '../platform/sharing-source.js';

/** The metadata database migrations, for `openTestDatabase`. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface MetadataFixtureOptions {
  /** Base URLs by service name: `user-api` always, `access` unless `permissions` and `sharing` are given. */
  readonly serviceUrls: Readonly<Record<string, string>>;
  /** Checks callers' tokens: user-api's own checker (`fixture.userApi.tokenChecker`) or a remote one. */
  readonly tokenChecker: TokenChecker;
  /** metadata's server token at user-api (and access). */
  readonly serverTokens: ServerTokenSource;
  /** By default access at `serviceUrls.access`. */
  readonly permissions?: PermissionSource;
  /** By default access at `serviceUrls.access`. */
  readonly sharing?: SharingSource;
  /** By default user-api at `serviceUrls['user-api']`. */
  readonly accounts?: AccountSource;
  /** Variables on top of NODE_ENV=test and a fresh METADATA_SALT_DEPLOY. */
  readonly env?: Readonly<Record<string, string>>;
  /** Serve over this database instead of opening one (it is then left open at close). */
  readonly database?: OpenedDatabase<MetadataSchema>;
  readonly logger?: Logger;
}

export interface MetadataFixture extends AsyncDisposable {
  /** The base URL, as metadata serves it (no `/metadata` prefix). */
  readonly url: string;
  readonly metadata: MetadataApp;
  readonly database: OpenedDatabase<MetadataSchema>;
  readonly config: Config;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/** Opens the metadata database for a suite (PGlite opens are slow: once per suite, in `beforeAll`). */
export function openMetadataTestDatabase(backend: DatabaseBackend): Promise<OpenedDatabase<MetadataSchema>> {
  return openTestDatabase(backend, { schema, migrationsFolder });
}

/**
 * Starts metadata for a test.
 *
 * @example
 * const userApi = await startUserApiFixture(backend, { env: { ERASE_SERVICES: 'metadata' } });
 * const metadata = await startMetadataFixture(backend, {
 *   serviceUrls: { 'user-api': userApi.url, access: access.url },
 *   tokenChecker: userApi.userApi.tokenChecker,
 *   serverTokens: staticServerTokens(await serverToken(userApi, 'metadata')),
 * });
 */
export async function startMetadataFixture(
  backend: DatabaseBackend,
  options: MetadataFixtureOptions,
): Promise<MetadataFixture> {
  const config = loadConfig(ConfigSchema, {
    NODE_ENV: 'test',
    METADATA_SALT_DEPLOY: generateSalt(),
    ...options.env,
  });
  const database = options.database ?? (await openMetadataTestDatabase(backend));
  const locate = fixedServiceLocator(options.serviceUrls);
  const metadata = createApp(config, {
    logger: options.logger ?? silentLogger(),
    database,
    tokenChecker: options.tokenChecker,
    serverTokens: options.serverTokens,
    locate,
    permissions:
      options.permissions ??
      createAccessPermissionSource({ baseUrl: locate('access'), tokens: options.serverTokens }),
    ...(options.sharing === undefined ? {} : { sharing: options.sharing }),
    ...(options.accounts === undefined ? {} : { accounts: options.accounts }),
  });
  const server = await startTestApp(metadata.app);
  const close = async () => {
    await server.close();
    if (options.database === undefined) await database.close();
  };
  return { url: server.url, metadata, database, config, server, close, [Symbol.asyncDispose]: close };
}
