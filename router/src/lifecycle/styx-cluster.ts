/**
 * styx across worker processes (node:cluster, one per core): the workers share the public port;
 * the primary restarts crashed workers, serves the admin listener with their metrics and
 * status gathered over IPC, and stops them on SIGTERM.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { startAdminServer, type AdminServer } from './admin-server.js';

const STATUS_REQUEST = 'styx:status-request';
const STATUS_ANSWER = 'styx:status-answer';

interface StatusMessage {
  readonly type: typeof STATUS_ANSWER;
  readonly id: number;
  readonly status: unknown;
}

function isStatusMessage(message: unknown): message is StatusMessage {
  return (
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === STATUS_ANSWER
  );
}

/** In a worker: lets the primary read this worker's metrics and status. */
export function serveWorkerIntrospection(registry: Registry, status: () => unknown): void {
  // Constructing one installs prom-client's IPC listener that answers the primary's metric requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  process.on('message', (message: unknown) => {
    const request = message as { type?: unknown; id?: unknown };
    if (request.type !== STATUS_REQUEST || typeof request.id !== 'number') return;
    process.send?.({ type: STATUS_ANSWER, id: request.id, status: status() });
  });
}

export interface ClusterOptions {
  readonly workers: number;
  readonly adminHost: string;
  readonly adminPort: number;
  readonly logger: Logger;
}

export interface RunningCluster {
  readonly adminUrl: string;
  /** Resolves with the public port once every worker listens. */
  readonly ready: Promise<number>;
  /** SIGTERM to every worker, wait for them (SIGKILL after `timeoutMilliseconds`), close the admin listener. */
  stop(timeoutMilliseconds: number): Promise<void>;
}

/** The status of every worker, asked over IPC; a worker that does not answer within a second is left out. */
function gatherStatus(workers: readonly Worker[]): Promise<unknown[]> {
  let nextId = 0;
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise<unknown>((resolve) => {
          const id = (nextId += 1);
          const timer = setTimeout(() => {
            worker.off('message', listener);
            resolve({ worker: worker.id, status: 'not answering' });
          }, 1_000);
          const listener = (message: unknown): void => {
            if (!isStatusMessage(message) || message.id !== id) return;
            clearTimeout(timer);
            worker.off('message', listener);
            resolve({ worker: worker.id, ...(message.status as object) });
          };
          worker.on('message', listener);
          worker.send({ type: STATUS_REQUEST, id });
        }),
    ),
  );
}

/** Forks the workers (which run `main.ts` again, as workers) and serves their admin listener. */
export async function startStyxCluster(options: ClusterOptions): Promise<RunningCluster> {
  const { logger } = options;
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  let crashes = 0;
  const listening = new Set<number>();
  let markReady: (port: number) => void = () => undefined;
  const ready = new Promise<number>((resolve) => {
    markReady = resolve;
  });

  const fork = (): void => {
    const worker = cluster.fork();
    worker.once('listening', (address) => {
      listening.add(worker.id);
      crashes = 0;
      if (listening.size >= options.workers) markReady(address.port);
    });
    worker.once('exit', (code, signal) => {
      listening.delete(worker.id);
      if (stopping) return;
      crashes += 1;
      const delay = Math.min(30_000, 250 * 2 ** Math.min(crashes, 7));
      logger.error({ worker: worker.id, code, signal, restartInMs: delay }, 'styx worker died');
      setTimeout(fork, delay).unref();
    });
  };
  for (let index = 0; index < options.workers; index += 1) fork();

  const workers = (): Worker[] =>
    Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  const admin: AdminServer = await startAdminServer(options.adminHost, options.adminPort, {
    metrics: async () => ({ contentType: aggregator.contentType, text: await aggregator.clusterMetrics() }),
    status: async () => ({ workers: await gatherStatus(workers()) }),
  });

  return {
    adminUrl: admin.url,
    ready,
    async stop(timeoutMilliseconds) {
      stopping = true;
      await Promise.all(
        workers().map(
          (worker) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => worker.process.kill('SIGKILL'), timeoutMilliseconds);
              worker.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              worker.process.kill('SIGTERM');
            }),
        ),
      );
      await admin.close();
    },
  };
}
