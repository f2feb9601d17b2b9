/** `npm start -w portal`: the portal as a process: configuration from the environment, the app built when needed, JSON logs, publishing, clean SIGTERM. */
import type { Express } from 'express';
import { createLogger, onShutdown, runService, startServer, type Logger } from '@tidepool/kit';
import packageJson from '../package.json' with { type: 'json' };
import { ensureAppBuilt } from './app-bundle/ensure-app-built.js';
import { createPortalApp, PORTAL_SERVICE } from './create-portal-app.js';
import { loadPortalConfig, type PortalConfig } from './portal-config.js';

/** Listens, publishes to hakken and, on SIGTERM, drains, finishes requests in flight and exits. */
async function publishAndServe(config: PortalConfig, logger: Logger, app: Express): Promise<void> {
  // Loaded only when used: a portal started without coordinators needs none of hakken's code.
  const { createHakkenClient } = await import('@tidepool/hakken');
  const hakken = createHakkenClient({
    coordinators: config.HAKKEN_COORDINATORS,
    serverSecret: config.SERVER_SECRET ?? '',
    logger: logger.child({ component: 'hakken' }),
  });
  await runService({
    app,
    config,
    logger,
    registry: hakken,
    listing: {
      service: PORTAL_SERVICE,
      ...(config.ANNOUNCE_HOST === undefined ? {} : { host: config.ANNOUNCE_HOST }),
    },
  });
}

/** Listens without publishing (no coordinators given), and closes gracefully on SIGTERM. */
async function serveAlone(config: PortalConfig, logger: Logger, app: Express): Promise<void> {
  const server = await startServer(app, {
    host: config.HOST,
    port: config.PORT,
    shutdownTimeoutMilliseconds: config.SHUTDOWN_TIMEOUT_MS,
  });
  logger.info({ url: server.url }, 'listening; not published (no HAKKEN_COORDINATORS)');
  onShutdown([{ name: 'server', close: () => server.close() }], { logger });
}

try {
  const config = loadPortalConfig();
  const logger = createLogger({ service: PORTAL_SERVICE, level: config.LOG_LEVEL });
  // `npm install && npm start` needs no build step: the app is bundled here when missing or stale.
  const appFolder = await ensureAppBuilt(logger);
  const { app } = createPortalApp({
    logger,
    version: packageJson.version,
    development: config.NODE_ENV === 'development',
    appFolder,
  });
  if (config.HAKKEN_COORDINATORS.length > 0) await publishAndServe(config, logger, app);
  else await serveAlone(config, logger, app);
} catch (error) {
  // Configuration errors list every problem and never a secret's value: print them for the operator.
  process.stderr.write(`portal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
