/** The user-api process: configuration, the users database, serving, publishing to hakken, draining on SIGTERM. */
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  databaseLocation,
  loadConfigOrExit,
  openDatabase,
  runService,
  type ServiceRegistry,
} from '@tidepool/kit';
import { createHakkenClient } from '@tidepool/hakken';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';
import { createHakkenServiceResolver } from './service-resolver.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ service: 'user-api', level: config.LOG_LEVEL });
const database = await openDatabase({
  service: 'user-api',
  ...databaseLocation('user-api', config),
  dataDir: config.DATA_DIR,
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  logger,
});

const hakken =
  config.HAKKEN_COORDINATORS.length === 0
    ? undefined
    : createHakkenClient({
        coordinators: config.HAKKEN_COORDINATORS,
        serverSecret: config.SERVER_SECRET,
        logger: logger.child({ component: 'hakken' }),
      });
if (hakken === undefined)
  logger.warn('HAKKEN_COORDINATORS is empty: user-api is not published and erases nowhere');
/** Without coordinators (a lone developer's process) nothing is published. */
const unpublished: ServiceRegistry = {
  publish: () => ({ drain: () => Promise.resolve(), close: () => Promise.resolve() }),
};

const userApi = createApp(config, {
  logger,
  database,
  ...(hakken === undefined ? {} : { resolveService: createHakkenServiceResolver(hakken) }),
});

// Revocation streams never end by themselves, so the graceful close of the server would wait
// for them until its timeout: end them as soon as the signal comes, and their clients
// reconnect to another instance while this one drains.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void userApi.context.revocations.close();
  });
}

await runService({
  app: userApi.app,
  config,
  logger,
  registry: hakken ?? unpublished,
  listing: {
    service: 'user-api',
    ...(config.ANNOUNCE_HOST === undefined ? {} : { host: config.ANNOUNCE_HOST }),
  },
  // In order of opening; closed in reverse after the server stopped: background work, then the database.
  closers: [
    { name: 'database', close: () => database.close() },
    { name: 'background work', close: () => userApi.close() },
  ],
});
