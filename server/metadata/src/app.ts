/** `createApp(config, deps)`: metadata's Express app over its database and the other services; nothing here listens (DESIGN.md §4). */
import type { Express } from 'express';
import type { Logger } from 'pino';
import {
  createServiceApp,
  type OpenedDatabase,
  type ServerTokenSource,
  type ServiceMetrics,
  type TokenChecker,
} from '@tidepool/kit';
import type { PermissionSource, ServiceLocator } from '@tidepool/service-runtime';
import { metadataContract } from '@tidepool/spec';
import type { Config } from './config.js';
import type { MetadataSchema } from './db/schema.js';
import { createDocumentStore } from './documents/document-store.js';
import { createSaltCheck } from './documents/salt-check.js';
import { createCollectionHandlers } from './handlers/collection-handlers.js';
import type { MetadataContext } from './handlers/handler-types.js';
import { createInternalHandlers } from './handlers/internal-handlers.js';
import { createSharedUserHandlers } from './handlers/shared-user-handlers.js';
import { createUserApiAccountSource, type AccountSource } from './platform/account-source.js';
import { createAccessSharingSource, type SharingSource } from './platform/sharing-source.js';
import { createReencryptionWalk } from './reencryption/reencryption-walk.js';
import { version } from './version.js';

export interface MetadataDependencies {
  readonly logger: Logger;
  readonly database: OpenedDatabase<MetadataSchema>;
  /** Checks callers' tokens (user-api's, through `connectPlatform` in main.ts). */
  readonly tokenChecker: TokenChecker;
  /** metadata's own server token, for user-api and access. */
  readonly serverTokens: ServerTokenSource;
  /** What one user may do with another's data, from access. */
  readonly permissions: PermissionSource;
  /** Where user-api and access are; used for the sources not given below. */
  readonly locate: ServiceLocator;
  /** The accounts (`meta` pairs, ids); by default user-api at `locate('user-api')`. */
  readonly accounts?: AccountSource;
  /** Who shares with whom; by default access at `locate('access')`. */
  readonly sharing?: SharingSource;
  readonly fetch?: typeof fetch;
}

export interface MetadataApp {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
  readonly context: MetadataContext;
}

/**
 * Builds metadata: the contract's handlers over the encrypted documents.
 *
 * @example
 * const platform = connectPlatform({ service: 'metadata', config, logger });
 * const { app } = createApp(config, { logger, database, ...platform });
 */
export function createApp(config: Config, deps: MetadataDependencies): MetadataApp {
  const { logger, database, serverTokens, locate } = deps;
  const ring = config.METADATA_SALT_DEPLOY;
  const fetchOption = deps.fetch === undefined ? {} : { fetch: deps.fetch };
  const accounts =
    deps.accounts ??
    createUserApiAccountSource({ baseUrl: locate('user-api'), tokens: serverTokens, ...fetchOption });
  const sharing =
    deps.sharing ??
    createAccessSharingSource({ baseUrl: locate('access'), tokens: serverTokens, ...fetchOption });
  const store = createDocumentStore(database.db, ring);
  const saltCheck = createSaltCheck(database.db, ring, logger);
  const context: MetadataContext = {
    logger,
    store,
    saltCheck,
    accounts,
    sharing,
    permissions: deps.permissions,
    reencryption: createReencryptionWalk({ db: database.db, ring, store, accounts, logger }),
  };

  const { app, metrics } = createServiceApp({
    service: 'metadata',
    version,
    contract: metadataContract,
    handlers: {
      ...createSharedUserHandlers(context),
      ...createInternalHandlers(context),
      ...createCollectionHandlers(context),
    },
    config,
    logger,
    tokenChecker: deps.tokenChecker,
    checks: { database: () => database.ping(), salts: () => saltCheck.verify() },
  });
  return { app, metrics, context };
}
