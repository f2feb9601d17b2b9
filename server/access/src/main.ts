/** The access process: configuration, the permissions database, serving, publishing to hakken, draining on SIGTERM. */
import { fileURLToPath } from 'node:url';
import { createLogger, databaseLocation, loadConfigOrExit, openDatabase, runService } from '@tidepool/kit';
import { connectPlatform } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ service: 'access', level: config.LOG_LEVEL });
const database = await openDatabase({
  service: 'access',
  ...databaseLocation('access', config),
  dataDir: config.DATA_DIR,
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  logger,
});

// Without hakken coordinators (a process started by hand), the other services are found at
// USER_API_URL and METADATA_URL.
const serviceUrls = Object.fromEntries(
  Object.entries({ 'user-api': config.USER_API_URL, metadata: config.METADATA_URL }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  ),
);
const platform = connectPlatform({
  service: 'access',
  config,
  logger,
  ...(Object.keys(serviceUrls).length === 0 ? {} : { serviceUrls }),
});

const access = createApp(config, {
  logger,
  database,
  tokenChecker: platform.tokenChecker,
  serverTokens: platform.serverTokens,
  profileNames: platform.profileNames,
  userApiUrl: platform.locate('user-api'),
  fetch: platform.fetch,
});

await runService({
  app: access.app,
  config,
  logger,
  registry: platform.registry,
  listing: platform.listing,
  // In order of opening; closed in reverse after the server stopped.
  closers: [{ name: 'database', close: () => database.close() }, platform.closer],
});
