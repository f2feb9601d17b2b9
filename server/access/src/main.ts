/** The access process: configuration, the permissions database, serving, publishing to hakken, draining on SIGTERM. */
import { runPlatformService } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

await runPlatformService({
  service: 'access',
  configSchema: ConfigSchema,
  tables: schema,
  migrations: new URL('../drizzle', import.meta.url),
  // Without hakken coordinators (a process started by hand), the other services are found here.
  serviceUrls: (config) => ({ 'user-api': config.USER_API_URL, metadata: config.METADATA_URL }),
  createApp: ({ config, logger, database, platform }) =>
    createApp(config, {
      logger,
      database,
      tokenChecker: platform.tokenChecker,
      serverTokens: platform.serverTokens,
      profileNames: platform.profileNames,
      userApiUrl: platform.locate('user-api'),
      fetch: platform.fetch,
    }).app,
});
