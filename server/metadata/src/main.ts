/** The metadata process: configuration, the metadata database, serving, publishing to hakken, draining on SIGTERM. */
import { runPlatformService } from '@tidepool/service-runtime';
import { createApp } from './app.js';
import { ConfigSchema } from './config.js';
import { schema } from './db/schema.js';

await runPlatformService({
  service: 'metadata',
  configSchema: ConfigSchema,
  tables: schema,
  migrations: new URL('../drizzle', import.meta.url),
  createApp: ({ config, logger, database, platform }) => {
    logger.info(
      { saltVersions: config.METADATA_SALT_DEPLOY.versions },
      'documents are sealed under the newest METADATA_SALT_DEPLOY version and read under all',
    );
    return createApp(config, { logger, database, ...platform }).app;
  },
});
