/** The message-api process: configuration, the messages database, the platform, serving, draining on SIGTERM. */
import { fileURLToPath } from 'node:url';
import { createLogger, databaseLocation, loadConfigOrExit, openDatabase, runService } from '@tidepool/kit';
import { connectPlatform } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ service: 'message-api', level: config.LOG_LEVEL });
const database = await openDatabase({
  service: 'message-api',
  ...databaseLocation('message-api', config),
  dataDir: config.DATA_DIR,
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  logger,
});
const platform = connectPlatform({ service: 'message-api', config, logger });

const { app } = createApp(config, {
  logger,
  database,
  tokenChecker: platform.tokenChecker,
  permissions: platform.permissions,
  pairs: platform.pairs,
  profileNames: platform.profileNames,
});

await runService({
  app,
  config,
  logger,
  registry: platform.registry,
  listing: platform.listing,
  // In order of opening; closed in reverse after the server stopped.
  closers: [{ name: 'database', close: () => database.close() }, platform.closer],
});
