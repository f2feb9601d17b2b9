/** The data process: configuration, the data database, serving, publishing to hakken, draining on SIGTERM. */
import { runPlatformService } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

await runPlatformService({
  service: 'data',
  configSchema: ConfigSchema,
  tables: schema,
  migrations: new URL('../drizzle', import.meta.url),
  createApp: ({ config, logger, database, platform }) =>
    createApp(config, { logger, database, ...platform }).app,
});
