/** The data process: configuration, the data database, serving, publishing to hakken, draining on SIGTERM. */
import { fileURLToPath } from 'node:url';
import { createLogger, databaseLocation, loadConfigOrExit, openDatabase, runService } from '@tidepool/kit';
import { connectPlatform } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ service: 'data', level: config.LOG_LEVEL });
const database = await openDatabase({
  service: 'data',
  ...databaseLocation('data', config),
  dataDir: config.DATA_DIR,
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  logger,
});
const platform = connectPlatform({ service: 'data', config, logger });
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
