/** user-api, an in-memory access and metadata over real databases, for the HTTP tests of metadata. */
import type { OpenedDatabase } from '@tidepool/kit';
import { staticServerTokens, type DatabaseBackend } from '@tidepool/kit/testing';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { serverToken, signUp, startUserApiFixture, type UserApiFixture } from '@tidepool/user-api/testing';
import type { MetadataSchema } from '../src/db/schema.js';
import {
  memorySharing,
  openMetadataTestDatabase,
  startMetadataFixture,
  type MemorySharing,
  type MetadataFixture,
} from '../src/testing/index.js';

/** A signed-up user and their session token. */
export interface TestUser {
  readonly userid: string;
  readonly token: string;
}

export interface CallOptions {
  readonly token?: string | undefined;
  readonly body?: unknown;
  /** Sent as is, instead of `body` as JSON. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TestPlatform {
  readonly userApi: UserApiFixture;
  readonly sharing: MemorySharing;
  readonly database: OpenedDatabase<MetadataSchema>;
  /** A server token (metadata's) at user-api. */
  readonly serverToken: string;
  /** The running metadata; `restartMetadata` replaces it. */
  readonly metadata: MetadataFixture;
  newUser(): Promise<TestUser>;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /**
   * Makes user-api's erasure saga wait before it calls metadata (it starts at once when an
   * account is deleted), so that a test can look at what holds until metadata has erased;
   * returns the release.
   */
  holdErasures(): () => void;
  /** Stops metadata and starts it again over the same database with other variables (a salt rotation). */
  restartMetadata(env: Readonly<Record<string, string>>): Promise<MetadataFixture>;
  close(): Promise<void>;
}

/**
 * @example
 * const platform = await startTestPlatform(backend, { METADATA_SALT_DEPLOY: salt });
 * const ann = await platform.newUser();
 * await platform.call('PUT', `/${ann.userid}/profile`, { token: ann.token, body: { fullName: 'Ann' } });
 */
export async function startTestPlatform(
  backend: DatabaseBackend,
  env: Readonly<Record<string, string>> = {},
): Promise<TestPlatform> {
  // user-api's erasure saga finds this metadata, once started, and not while erasures are held.
  let metadataUrl: string | undefined;
  let erasuresHeld: Promise<void> | undefined;
  const userApi = await startUserApiFixture(backend, {
    env: { REQUESTS_PER_ADDRESS: '100000', ERASE_SERVICES: 'metadata' },
    dependencies: {
      resolveService: async (service) => {
        await erasuresHeld;
        return service === 'metadata' ? metadataUrl : undefined;
      },
    },
  });
  const database = await openMetadataTestDatabase(backend);
  const token = await serverToken(userApi, 'metadata');
  const sharing = memorySharing();
  const start = (variables: Readonly<Record<string, string>>) =>
    startMetadataFixture(backend, {
      serviceUrls: { 'user-api': userApi.url },
      tokenChecker: userApi.userApi.tokenChecker,
      serverTokens: staticServerTokens(token),
      permissions: sharing,
      sharing,
      database,
      env: variables,
    });
  let metadata = await start(env);
  metadataUrl = metadata.url;

  return {
    userApi,
    sharing,
    database,
    serverToken: token,
    get metadata() {
      return metadata;
    },
    async newUser() {
      const { user, token: userToken } = await signUp(userApi);
      return { userid: user.userid, token: userToken };
    },
    call(method, path, options = {}) {
      const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      return fetch(`${metadata.url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token === undefined ? {} : { [SESSION_TOKEN_HEADER]: options.token }),
          ...options.headers,
        },
        ...(body === undefined ? {} : { body }),
      });
    },
    holdErasures() {
      let release: () => void = () => undefined;
      erasuresHeld = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        erasuresHeld = undefined;
        release();
      };
    },
    async restartMetadata(variables) {
      await metadata.close();
      metadata = await start(variables);
      metadataUrl = metadata.url;
      return metadata;
    },
    async close() {
      await metadata.close();
      await database.close();
      await userApi.close();
    },
  };
}
