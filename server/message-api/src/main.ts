/** The message-api process: configuration, the messages database, the platform, serving, draining on SIGTERM. */
import { runPlatformService } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

await runPlatformService({
  service: 'message-api',
  configSchema: ConfigSchema,
  tables: schema,
  migrations: new URL('../drizzle', import.meta.url),
  createApp: ({ config, logger, database, platform }) =>
    createApp(config, {
      logger,
      database,
      tokenChecker: platform.tokenChecker,
      permissions: platform.permissions,
      pairs: platform.pairs,
      profileNames: platform.profileNames,
    }).app,
});
