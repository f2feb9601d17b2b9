/** A real message-api for tests: the app on a free port over a real database, with stand-ins for the other services. */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  generateSalt,
  loadConfig,
  type OpenedDatabase,
  type RunningServer,
  type TokenChecker,
  type TokenInfo,
} from '@tidepool/kit';
import { openTestDatabase, silentLogger, startTestApp, type DatabaseBackend } from '@tidepool/kit/testing';
import type { PermissionSource, PrivatePairSource, ProfileNameSource } from '@tidepool/service-runtime';
import {
  memoryPairs,
  memoryPermissions,
  type MemoryPairs,
  type MemoryPermissions,
} from '@tidepool/service-runtime/testing';
import type { Logger } from 'pino';
import { createApp, type MessageApi } from '../app.js';
import { ConfigSchema, type Config } from '../config.js';
import { schema, type MessageApiSchema } from '../db/schema.js';

/** The messages database migrations, for `openTestDatabase`. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface MessageApiFixtureOptions {
  /** Environment variables on top of NODE_ENV=test and a fresh MESSAGE_SALT_DEPLOY. */
  readonly env?: Readonly<Record<string, string>>;
  /** Serve over this database instead of opening one (it is then left open at close). */
  readonly database?: OpenedDatabase<MessageApiSchema>;
  readonly logger?: Logger;
  /** Real services instead of the fixture's stand-ins (a flow across services). */
  readonly tokenChecker?: TokenChecker;
  readonly permissions?: PermissionSource;
  readonly pairs?: PrivatePairSource;
  readonly profileNames?: ProfileNameSource;
  readonly now?: () => Date;
}

/** A user the stand-ins know: an account (a pair), a token and maybe a name. */
export interface TestUser {
  readonly userid: string;
  readonly token: string;
}

export interface MessageApiFixture extends AsyncDisposable {
  /** The base URL, as message-api serves it (no `/message` prefix). */
  readonly url: string;
  readonly messageApi: MessageApi;
  readonly database: OpenedDatabase<MessageApiSchema>;
  readonly config: Config;
  readonly server: RunningServer;
  /** The stand-in of access (used unless `options.permissions` replaced it). */
  readonly permissions: MemoryPermissions;
  /** The stand-in of metadata's pairs (used unless `options.pairs` replaced it). */
  readonly pairs: MemoryPairs;
  /** The names the stand-in of metadata's profiles answers, by user id; change them at will. */
  readonly names: Map<string, string>;
  /** A token of a server, known to the stand-in token checker. */
  readonly serverToken: string;
  /** A new user with an account, a token and, when given, a profile name. */
  addUser(options?: { readonly fullName?: string; readonly userid?: string }): TestUser;
  close(): Promise<void>;
}

/** Opens the messages database for a suite (PGlite opens are slow: once per suite, in `beforeAll`). */
export function openMessagesTestDatabase(
  backend: DatabaseBackend,
): Promise<OpenedDatabase<MessageApiSchema>> {
  return openTestDatabase(backend, { schema, migrationsFolder });
}

/**
 * Starts message-api for a test.
 *
 * @example
 * await using fixture = await startMessageApiFixture('pglite', { database });
 * const patient = fixture.addUser({ fullName: 'Pat' });
 * const response = await send(fixture, 'GET', `/notes/${patient.userid}`, { token: patient.token });
 */
export async function startMessageApiFixture(
  backend: DatabaseBackend,
  options: MessageApiFixtureOptions = {},
): Promise<MessageApiFixture> {
  const config = loadConfig(ConfigSchema, {
    NODE_ENV: 'test',
    MESSAGE_SALT_DEPLOY: generateSalt(),
    ...options.env,
  });
  const tokens = new Map<string, TokenInfo>();
  const serverToken = randomBytes(32).toString('base64url');
  tokens.set(serverToken, { isServer: true, serverName: 'user-api' });
  const permissions = memoryPermissions();
  const pairs = memoryPairs();
  const names = new Map<string, string>();

  const database = options.database ?? (await openMessagesTestDatabase(backend));
  const messageApi = createApp(config, {
    logger: options.logger ?? silentLogger(),
    database,
    tokenChecker: options.tokenChecker ?? { check: (token) => Promise.resolve(tokens.get(token) ?? null) },
    permissions: options.permissions ?? permissions,
    pairs: options.pairs ?? pairs,
    profileNames: options.profileNames ?? { fullNameOf: (userid) => Promise.resolve(names.get(userid)) },
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const server = await startTestApp(messageApi.app);

  const close = async () => {
    await server.close();
    if (options.database === undefined) await database.close();
  };
  return {
    url: server.url,
    messageApi,
    database,
    config,
    server,
    permissions,
    pairs,
    names,
    serverToken,
    addUser(user = {}) {
      const userid = user.userid ?? randomBytes(5).toString('hex');
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, { isServer: false, userid });
      pairs.addUser(userid);
      if (user.fullName !== undefined) names.set(userid, user.fullName);
      return { userid, token };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
