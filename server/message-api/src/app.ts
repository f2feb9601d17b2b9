/** `createApp(config, deps)`: message-api's Express app; nothing here listens (DESIGN.md §4). */
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createServiceApp, type OpenedDatabase, type ServiceMetrics, type TokenChecker } from '@tidepool/kit';
import type { PermissionSource, PrivatePairSource, ProfileNameSource } from '@tidepool/service-runtime';
import { messageApiContract } from '@tidepool/spec';
import type { Config } from './config.js';
import type { MessageApiSchema } from './db/schema.js';
import { createHandlers } from './handlers/create-handlers.js';
import { createMessageIds } from './ids/message-ids.js';
import { createMessageStore } from './store/message-store.js';
import { version } from './version.js';

export interface MessageApiDependencies {
  readonly logger: Logger;
  readonly database: OpenedDatabase<MessageApiSchema>;
  /** Checks callers' tokens: user-api's, through `connectPlatform` in main.ts. */
  readonly tokenChecker: TokenChecker;
  /** Who may read and write whose notes: access. */
  readonly permissions: PermissionSource;
  /** The patients' `messages` pairs: metadata. */
  readonly pairs: PrivatePairSource;
  /** The authors' names: metadata. */
  readonly profileNames: ProfileNameSource;
  /** The clock of created, modified and removed times; tests may pass their own. */
  readonly now?: () => Date;
}

export interface MessageApi {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
}

/**
 * Builds message-api: the contract's handlers over the messages database, with permissions,
 * pairs and names from the other services.
 *
 * @example
 * const platform = connectPlatform({ service: 'message-api', config, logger });
 * const { app } = createApp(config, { logger, database, ...platform });
 */
export function createApp(config: Config, deps: MessageApiDependencies): MessageApi {
  const { logger, database } = deps;
  const handlers = createHandlers({
    store: createMessageStore(database.db),
    ids: createMessageIds(config.MESSAGE_SALT_DEPLOY),
    ring: config.MESSAGE_SALT_DEPLOY,
    permissions: deps.permissions,
    pairs: deps.pairs,
    profileNames: deps.profileNames,
    now: deps.now ?? (() => new Date()),
  });
  return createServiceApp({
    service: 'message-api',
    version,
    contract: messageApiContract,
    handlers,
    config,
    logger,
    tokenChecker: deps.tokenChecker,
    checks: { database: () => database.ping() },
  });
}
