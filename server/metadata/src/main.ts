/** The metadata process: configuration, the metadata database, serving, publishing to hakken, draining on SIGTERM. */
import { fileURLToPath } from 'node:url';
import { createLogger, databaseLocation, loadConfigOrExit, openDatabase, runService } from '@tidepool/kit';
import { connectPlatform } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ service: 'metadata', level: config.LOG_LEVEL });
const database = await openDatabase({
  service: 'metadata',
  ...databaseLocation('metadata', config),
  dataDir: config.DATA_DIR,
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  logger,
});
logger.info(
  { saltVersions: config.METADATA_SALT_DEPLOY.versions },
  'documents are sealed under the newest METADATA_SALT_DEPLOY version and read under all',
);

const platform = connectPlatform({ service: 'metadata', config, logger });
const { app } = createApp(config, { logger, database, ...platform });

await runService({
  app,
  config,
  logger,
  registry: platform.registry,
  listing: platform.listing,
  // In order of opening; closed in reverse after the server stopped.
  closers: [{ name: 'database', close: () => database.close() }, platform.closer],
});
