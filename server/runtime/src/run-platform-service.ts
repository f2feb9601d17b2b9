/** A platform service's process from configuration to draining: what every service's main.ts does. */
import type { RequestListener } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  createLogger,
  databaseLocation,
  loadConfigOrExit,
  openDatabase,
  runService,
  type BaseServiceConfig,
  type OpenedDatabase,
} from '@tidepool/kit';
import { connectPlatform, type PlatformConnection } from './platform-connection.js';

/** What a platform service's configuration has in any case: the kit's base and the platform's variables. */
type PlatformServiceConfig = BaseServiceConfig & {
  readonly SERVER_SECRET: string;
  readonly HAKKEN_COORDINATORS: readonly string[];
  readonly ANNOUNCE_HOST?: string | undefined;
};

export interface PlatformServiceOptions<
  Schema extends z.ZodType<PlatformServiceConfig, z.ZodTypeDef, unknown>,
  Tables extends Record<string, unknown>,
> {
  /** The hakken name, the logs' `service` and the database's folder or schema. */
  readonly service: string;
  readonly configSchema: Schema;
  /** The Drizzle schema of the service's database. */
  readonly tables: Tables;
  /** The service's drizzle-kit migrations folder, as a URL (`new URL('../drizzle', import.meta.url)`). */
  readonly migrations: URL;
  /** Base URLs of other services for a process started without hakken coordinators. */
  serviceUrls?(config: z.output<Schema>): Readonly<Record<string, string | undefined>>;
  /** Builds the app once configuration, logger, database and platform are there. */
  createApp(context: {
    readonly config: z.output<Schema>;
    readonly logger: Logger;
    readonly database: OpenedDatabase<Tables>;
    readonly platform: PlatformConnection;
  }): RequestListener;
}

/**
 * Loads the configuration (exits with every problem listed when it is wrong), opens the
 * service's database, connects to the platform, serves the app, publishes it to hakken and on
 * SIGTERM drains, then closes the platform connection and the database (DESIGN.md §4).
 *
 * @example
 * await runPlatformService({ service: 'data', configSchema: ConfigSchema, tables: schema,
 *   migrations: new URL('../drizzle', import.meta.url),
 *   createApp: ({ config, logger, database, platform }) => createApp(config, { logger, database, ...platform }).app });
 */
export async function runPlatformService<
  Schema extends z.ZodType<PlatformServiceConfig, z.ZodTypeDef, unknown>,
  Tables extends Record<string, unknown>,
>(options: PlatformServiceOptions<Schema, Tables>): Promise<void> {
  const { service } = options;
  const config: z.output<Schema> = loadConfigOrExit(options.configSchema);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const database = await openDatabase({
    service,
    ...databaseLocation(service, config),
    dataDir: config.DATA_DIR,
    schema: options.tables,
    migrationsFolder: fileURLToPath(options.migrations),
    logger,
  });
  const serviceUrls = Object.fromEntries(
    Object.entries(options.serviceUrls?.(config) ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const platform = connectPlatform({
    service,
    config,
    logger,
    ...(Object.keys(serviceUrls).length === 0 ? {} : { serviceUrls }),
  });
  const app = options.createApp({ config, logger, database, platform });
  await runService({
    app,
    config,
    logger,
    registry: platform.registry,
    listing: platform.listing,
    // In order of opening; closed in reverse after the server stopped.
    closers: [{ name: 'database', close: () => database.close() }, platform.closer],
  });
}
