/** A real access for tests: the app on a free port over a real database, beside a real user-api. */
import { fileURLToPath } from 'node:url';
import {
  createServerTokenClient,
  generateSalt,
  loadConfig,
  type OpenedDatabase,
  type RunningServer,
} from '@tidepool/kit';
import { openTestDatabase, silentLogger, startTestApp, type DatabaseBackend } from '@tidepool/kit/testing';
import type { ProfileNameSource } from '@tidepool/service-runtime';
import { staticProfileNames } from '@tidepool/service-runtime/testing';
import { startUserApiFixture, type UserApiFixture } from '@tidepool/user-api/testing';
import type { Logger } from 'pino';
import { createApp, type Access } from '../app.js';
import { ConfigSchema, type Config } from '../config.js';
import { schema, type AccessSchema } from '../db/schema.js';

/** The permissions database migrations, for `openTestDatabase`. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface AccessFixtureOptions {
  /** Environment variables on top of NODE_ENV=test and a fresh ACCESS_SALT_DEPLOY. */
  readonly env?: Readonly<Record<string, string>>;
  /** A running user-api to use (left running at close); by default one is started on the same backend. */
  readonly userApi?: UserApiFixture;
  /** Serve over this database instead of opening one (it is then left open at close). */
  readonly database?: OpenedDatabase<AccessSchema>;
  /** Sharers' names; by default nobody has one. */
  readonly profileNames?: ProfileNameSource;
  readonly logger?: Logger;
  /** The clock of invitation times and expiry. */
  readonly now?: () => Date;
}

export interface AccessFixture extends AsyncDisposable {
  /** The base URL, as access serves it (no `/access` prefix). */
  readonly url: string;
  readonly access: Access;
  readonly database: OpenedDatabase<AccessSchema>;
  readonly config: Config;
  readonly server: RunningServer;
  /** The user-api access calls (tokens, accounts, mail). */
  readonly userApi: UserApiFixture;
  close(): Promise<void>;
}

/** Opens the permissions database for a suite (PGlite opens are slow: once per suite, in `beforeAll`). */
export function openAccessTestDatabase(backend: DatabaseBackend): Promise<OpenedDatabase<AccessSchema>> {
  return openTestDatabase(backend, { schema, migrationsFolder });
}

/**
 * Starts access for a test, checking tokens with the user-api it is given (or starts).
 *
 * @example
 * await using access = await startAccessFixture('pglite', { userApi });
 * const response = await fetch(`${access.url}/groups/${userid}`, { headers: { 'x-tidepool-session-token': token } });
 */
export async function startAccessFixture(
  backend: DatabaseBackend,
  options: AccessFixtureOptions = {},
): Promise<AccessFixture> {
  // Suites sign many users up from one address: lift user-api's per-address limit.
  const userApi =
    options.userApi ?? (await startUserApiFixture(backend, { env: { REQUESTS_PER_ADDRESS: '100000' } }));
  const config = loadConfig(ConfigSchema, {
    NODE_ENV: 'test',
    SERVER_SECRET: userApi.config.SERVER_SECRET,
    ACCESS_SALT_DEPLOY: generateSalt(),
    ...options.env,
  });
  const database = options.database ?? (await openAccessTestDatabase(backend));
  const userApiUrl = () => Promise.resolve(userApi.url);
  const access = createApp(config, {
    logger: options.logger ?? silentLogger(),
    database,
    tokenChecker: userApi.userApi.tokenChecker,
    serverTokens: createServerTokenClient({
      baseUrl: userApiUrl,
      serverName: 'access',
      serverSecret: config.SERVER_SECRET,
    }),
    profileNames: options.profileNames ?? staticProfileNames({}),
    userApiUrl,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const server = await startTestApp(access.app);
  const close = async () => {
    await server.close();
    if (options.database === undefined) await database.close();
    if (options.userApi === undefined) await userApi.close();
  };
  return { url: server.url, access, database, config, server, userApi, close, [Symbol.asyncDispose]: close };
}
