/** `node router/src/main.ts`: styx as a process — configuration from the environment, JSON logs, clean SIGTERM. */
import cluster from 'node:cluster';
import type { HakkenClient, Publication } from '@tidepool/hakken';
import { loadStyxConfig, type StyxConfig } from './config/styx-config.js';
import { serveWorkerIntrospection, startStyxCluster } from './lifecycle/styx-cluster.js';
import { createStyxLogger, type Logger } from './observability/access-log.js';
import { loadRules } from './rules/load-rules.js';
import type { Rules } from './rules/rules-schema.js';
import { startStyx } from './start-styx.js';
import { createHakkenUpstreamSource } from './upstream/hakken-upstream-source.js';

/** How long styx waits at start for the first hakken snapshots, so that its first requests find instances. */
const FIRST_SNAPSHOT_WAIT_MILLISECONDS = 3_000;

async function connectHakken(config: StyxConfig, logger: Logger): Promise<HakkenClient | undefined> {
  if (config.HAKKEN_COORDINATORS === undefined) return undefined;
  // Loaded only when used: a styx with static upstreams needs none of hakken's dependencies.
  const { createHakkenClient } = await import('@tidepool/hakken');
  return createHakkenClient({
    coordinators: config.HAKKEN_COORDINATORS,
    serverSecret: config.SERVER_SECRET ?? '',
    logger: logger.child({ component: 'hakken' }),
  });
}

/** styx publishes itself (DESIGN.md §2), once per machine: by the primary when there are workers. */
function publishStyx(
  hakken: HakkenClient | undefined,
  config: StyxConfig,
  port: string,
): Publication | undefined {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return hakken?.publish({ service: 'styx', host: `${host}:${port}`, protocol: 'http' });
}

/** On the first SIGTERM or SIGINT, runs `stop` and exits 0; a second signal, or a stop too slow, exits 1. */
function onSignals(logger: Logger, timeoutMilliseconds: number, stop: () => Promise<void>): void {
  let stopping = false;
  const listener = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMilliseconds + 5_000).unref();
    void stop().then(
      () => {
        logger.info('shut down');
        logger.flush(() => process.exit(0));
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush(() => process.exit(1));
      },
    );
  };
  process.on('SIGTERM', listener);
  process.on('SIGINT', listener);
}

/** One router: the whole of styx, or one worker of a cluster (then without admin listener or publication). */
async function runRouter(config: StyxConfig, logger: Logger, rules: Rules, isWorker: boolean): Promise<void> {
  const hakken = await connectHakken(config, logger);
  const readiness: Promise<void>[] = [];
  const styx = await startStyx({
    rules,
    host: config.HOST,
    port: config.PORT,
    admin: isWorker ? false : { host: config.STYX_ADMIN_HOST, port: config.STYX_ADMIN_PORT },
    resolveService:
      hakken === undefined
        ? undefined
        : (service) => {
            const watch = hakken.watch(service);
            readiness.push(watch.ready);
            return createHakkenUpstreamSource(watch);
          },
    bodyLimitBytes: config.STYX_BODY_LIMIT,
    timeouts: {
      connectMilliseconds: config.STYX_CONNECT_TIMEOUT_MS,
      headersMilliseconds: config.STYX_HEADERS_TIMEOUT_MS,
      idleMilliseconds: config.STYX_IDLE_TIMEOUT_MS,
    },
    maxAttempts: config.STYX_MAX_ATTEMPTS,
    trustForwarded: config.STYX_TRUST_FORWARDED,
    shutdownTimeoutMilliseconds: config.SHUTDOWN_TIMEOUT_MS,
    logger,
  });
  if (isWorker) serveWorkerIntrospection(styx.registry, () => styx.status());
  const publication = isWorker ? undefined : publishStyx(hakken, config, new URL(styx.url).port);
  if (readiness.length > 0) {
    const waited = await Promise.race([
      Promise.all(readiness).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(resolve, FIRST_SNAPSHOT_WAIT_MILLISECONDS, false).unref()),
    ]);
    if (!waited) logger.warn('no hakken snapshot yet: services answer 503 until their instances are known');
  }
  onSignals(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    // Routers in front, if any, stop sending first; then the requests in flight finish; then the watches stop.
    await publication?.drain().catch(() => undefined);
    await styx.close();
    await hakken?.close();
  });
}

/** The primary of a cluster: forks the workers, serves the admin listener, publishes styx. */
async function runPrimary(config: StyxConfig, logger: Logger): Promise<void> {
  const hakken = await connectHakken(config, logger);
  const running = await startStyxCluster({
    workers: config.STYX_WORKERS,
    adminHost: config.STYX_ADMIN_HOST,
    adminPort: config.STYX_ADMIN_PORT,
    logger,
  });
  const port = await running.ready;
  const publication = publishStyx(hakken, config, String(port));
  logger.info(
    { url: `http://${config.HOST}:${port}`, adminUrl: running.adminUrl, workers: config.STYX_WORKERS },
    'styx listening',
  );
  onSignals(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    await publication?.drain().catch(() => undefined);
    await running.stop(config.SHUTDOWN_TIMEOUT_MS);
    await hakken?.close();
  });
}

try {
  const config = loadStyxConfig(process.env);
  const logger = createStyxLogger({ level: config.LOG_LEVEL });
  // Checked before any worker starts, so that a mistake is reported once.
  const rules = await loadRules({
    file: config.STYX_RULES_FILE,
    json: config.STYX_RULES,
    defaultCorsOrigins: config.STYX_CORS_ORIGINS,
  });
  if (config.STYX_WORKERS > 1 && cluster.isPrimary) await runPrimary(config, logger);
  else await runRouter(config, logger, rules, cluster.isWorker);
} catch (error) {
  // Configuration and rules errors list every problem; print them as they are, for the operator.
  process.stderr.write(`styx: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
