/** A shio agent as its own process, one per server (DESIGN.md §8): serves the shio contract and publishes itself to hakken. */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHakkenClient } from '@tidepool/hakken';
import { createLogger, loadConfigOrExit, runService } from '@tidepool/kit';
import { Agent } from './agent.js';
import { createAgentApp } from './agent-app.js';
import { agentConfigSchema } from './agent-config.js';
import { BundleRegistry } from './bundle-registry.js';

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

const config = loadConfigOrExit(agentConfigSchema);
const logger = createLogger({ service: 'shio-agent', level: config.LOG_LEVEL });
const codeRoot = config.SHIO_CODE_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const agent = new Agent({
  name: config.SHIO_SERVER_NAME,
  machine: config.SHIO_MACHINE,
  registry: new BundleRegistry({
    codeRoot,
    ...(config.SHIO_RELEASES_DIR === undefined ? {} : { releasesDirectory: config.SHIO_RELEASES_DIR }),
  }),
  logger,
});
let listedHost = '';
const { app } = createAgentApp({
  agent,
  host: () => listedHost,
  version,
  serverSecret: config.SERVER_SECRET,
  logger,
});
const hakken = createHakkenClient({
  coordinators: config.HAKKEN_COORDINATORS,
  serverSecret: config.SERVER_SECRET,
  logger: logger.child({ component: 'hakken' }),
});
const running = await runService({
  app,
  config,
  logger,
  registry: hakken,
  listing: {
    service: 'shio-agent',
    server: agent.name,
    machine: agent.machine,
    ...(config.ANNOUNCE_HOST === undefined ? {} : { host: config.ANNOUNCE_HOST }),
  },
  // The slots stop after the agent stops taking requests, before it leaves hakken.
  closers: [{ name: 'slots', close: () => agent.stopAll() }],
});
listedHost = running.listing.host;
