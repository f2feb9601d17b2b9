/** `createApp(config, deps)`: data's Express app; nothing here listens (DESIGN.md §4). */
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createServiceApp, type OpenedDatabase, type ServiceMetrics, type TokenChecker } from '@tidepool/kit';
import type { PermissionSource, PrivatePairSource } from '@tidepool/service-runtime';
import { dataContract } from '@tidepool/spec';
import type { Config } from './config.js';
import type { DataSchema } from './db/schema.js';
import type { DataContext } from './handlers/data-context.js';
import { createCachedSystemCipher } from './keys/cached-ciphers.js';
import { createQueryHandlers } from './handlers/query-handlers.js';
import { createUploadHandlers } from './handlers/upload-handlers.js';
import { version } from './version.js';

/** The purpose of the aggregate key that seals de-identified readings (research opens them with the salt alone). */
export const READINGS_PURPOSE = 'data/readings';

export interface DataDependencies {
  readonly logger: Logger;
  readonly database: OpenedDatabase<DataSchema>;
  /** Checks callers' session tokens (user-api's, through the platform connection). */
  readonly tokenChecker: TokenChecker;
  /** Who may read and write whose data (access). */
  readonly permissions: PermissionSource;
  /** Users' `data` pairs (metadata). */
  readonly pairs: PrivatePairSource;
}

export interface DataService {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
}

/**
 * Builds data: the contract's handlers over the data database.
 *
 * @example
 * const { app } = createApp(config, { logger, database, tokenChecker, permissions, pairs });
 */
export function createApp(config: Config, deps: DataDependencies): DataService {
  const context: DataContext = {
    db: deps.database.db,
    logger: deps.logger,
    ring: config.DATA_SALT_DEPLOY,
    readings: createCachedSystemCipher(config.DATA_SALT_DEPLOY, READINGS_PURPOSE),
    permissions: deps.permissions,
    pairs: deps.pairs,
    queryPageSize: config.QUERY_PAGE_SIZE,
  };
  return createServiceApp({
    service: 'data',
    version,
    contract: dataContract,
    handlers: { ...createQueryHandlers(context), ...createUploadHandlers(context) },
    config,
    logger: deps.logger,
    tokenChecker: deps.tokenChecker,
    checks: { database: () => deps.database.ping() },
  });
}
