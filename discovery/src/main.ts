/** The hakken coordinator process: configuration from the environment, JSON logs, clean stop on SIGTERM. */
import { createLogger, loadConfigOrExit, onShutdown } from '@tidepool/kit';
import { coordinatorConfigSchema } from './coordinator/coordinator-config.js';
import { startCoordinator } from './coordinator/start-coordinator.js';

const config = loadConfigOrExit(coordinatorConfigSchema);
const logger = createLogger({ service: 'hakken', level: config.LOG_LEVEL });
const coordinator = await startCoordinator({
  serverSecret: config.SERVER_SECRET,
  host: config.HOST,
  port: config.PORT,
  announceHost: config.HAKKEN_ANNOUNCE_HOST,
  peers: config.HAKKEN_PEERS,
  heartbeatIntervalMs: config.HAKKEN_HEARTBEAT_INTERVAL_MS,
  allowedMisses: config.HAKKEN_ALLOWED_MISSES,
  eventLogSize: config.HAKKEN_EVENT_LOG_SIZE,
  maximumListingBytes: config.HAKKEN_MAXIMUM_LISTING_BYTES,
  bodyLimit: config.BODY_LIMIT,
  nodeEnvironment: config.NODE_ENV,
  logger,
});
logger.info({ url: coordinator.url, host: coordinator.host, id: coordinator.id }, 'listening');
onShutdown([{ name: 'coordinator', close: () => coordinator.close() }], {
  logger,
  timeoutMilliseconds: config.SHUTDOWN_TIMEOUT_MS,
});
