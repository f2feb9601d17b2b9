/** `createApp(config, deps)`: access's Express app; nothing here listens (DESIGN.md §4). */
import type { Express } from 'express';
import type { Logger } from 'pino';
import {
  createServiceApp,
  type OpenedDatabase,
  type ServerTokenSource,
  type ServiceMetrics,
  type TokenChecker,
} from '@tidepool/kit';
import type { ProfileNameSource } from '@tidepool/service-runtime';
import { accessContract } from '@tidepool/spec';
import type { AccessContext } from './access-context.js';
import type { Config } from './config.js';
import type { AccessSchema } from './db/schema.js';
import { createErasureHandlers } from './handlers/erasure-handlers.js';
import { createPermissionHandlers } from './handlers/permission-handlers.js';
import { createReceivedInvitationHandlers } from './handlers/received-invitation-handlers.js';
import { createSentInvitationHandlers } from './handlers/sent-invitation-handlers.js';
import { createGrantStore } from './store/grant-store.js';
import { createInvitationRateLimit } from './store/invitation-rate-limit.js';
import { createInvitationStore } from './store/invitation-store.js';
import { createAccessCiphers } from './store/sealed-records.js';
import { createUserDirectory } from './users/user-directory.js';
import { version } from './version.js';

export interface AccessDependencies {
  readonly logger: Logger;
  readonly database: OpenedDatabase<AccessSchema>;
  /** Checks callers' tokens (user-api's remote checker in main.ts). */
  readonly tokenChecker: TokenChecker;
  /** access's own server token, for user-api (accounts, addresses, mail). */
  readonly serverTokens: ServerTokenSource;
  /** Sharers' names for invitations (metadata in main.ts). */
  readonly profileNames: ProfileNameSource;
  /** user-api's base URL, looked up for each call. */
  readonly userApiUrl: () => Promise<string>;
  /** For the calls to user-api; tests may pass their own. */
  readonly fetch?: typeof fetch;
  /** The clock of invitation times and expiry; tests move it. */
  readonly now?: () => Date;
}

export interface Access {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
  readonly context: AccessContext;
}

/**
 * Builds access: the contract's handlers over the permissions database.
 *
 * @example
 * const access = createApp(config, { logger, database, ...platform, userApiUrl: platform.locate('user-api') });
 * await using server = await startServer(access.app, { host: config.HOST, port: config.PORT });
 */
export function createApp(config: Config, deps: AccessDependencies): Access {
  const { logger, database } = deps;
  const { db } = database;
  const ring = config.ACCESS_SALT_DEPLOY;
  const ciphers = createAccessCiphers(ring);
  const context: AccessContext = {
    config,
    logger,
    database: db,
    grants: createGrantStore(db, ring, ciphers.grants),
    invitations: createInvitationStore(db, ring, ciphers.invitations),
    invitationRateLimit: createInvitationRateLimit(db, ring, config.INVITATIONS_PER_HOUR),
    users: createUserDirectory({
      baseUrl: deps.userApiUrl,
      tokens: deps.serverTokens,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    }),
    profileNames: deps.profileNames,
    now: deps.now ?? (() => new Date()),
  };

  const { app, metrics } = createServiceApp({
    service: 'access',
    version,
    contract: accessContract,
    handlers: {
      ...createPermissionHandlers(context),
      ...createSentInvitationHandlers(context),
      ...createReceivedInvitationHandlers(context),
      ...createErasureHandlers(context),
    },
    config,
    logger,
    tokenChecker: deps.tokenChecker,
    checks: { database: () => database.ping() },
  });
  return { app, metrics, context };
}
