/** Starting and stopping styx in-process: the public listener, the admin listener, the pools and the watches. */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import { REQUEST_ID_HEADER, SERVICES } from '@tidepool/spec';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Pool } from 'undici';
import { DEFAULT_PASSIVE_HEALTH, type PassiveHealthOptions } from './balancing/upstream-endpoint.js';
import { DEFAULT_RETRY_BUDGET, type RetryBudgetOptions } from './balancing/retry-budget.js';
import { createProxyHandler } from './forwarding/proxy-handler.js';
import { createPublicInternalRouteMatcher } from './http/internal-routes.js';
import { OWN_ANSWER_HEADERS, sendParseProblem, sendProblem } from './http/problem-answer.js';
import { startAdminServer, type AdminServer } from './lifecycle/admin-server.js';
import { listen } from './lifecycle/listen.js';
import {
  detailedStatus,
  publicStatus,
  type DetailedStatus,
  type StatusSource,
} from './observability/status-report.js';
import { createStyxMetrics } from './observability/styx-metrics.js';
import { compileRoutes } from './rules/compile-routes.js';
import { defaultRules } from './rules/default-rules.js';
import { parseRules } from './rules/load-rules.js';
import type { RulesInput } from './rules/rules-schema.js';
import type { UpstreamSource } from './upstream/upstream-source.js';

/** styx's timeouts towards the instances. */
export interface StyxTimeouts {
  /** To open a connection to an instance; a request that could not connect may go elsewhere. */
  readonly connectMilliseconds: number;
  /** From sending the request to the end of the answer's headers (504 after it). */
  readonly headersMilliseconds: number;
  /** The longest silence in the middle of an answer's body. */
  readonly idleMilliseconds: number;
}

export const DEFAULT_TIMEOUTS: StyxTimeouts = {
  connectMilliseconds: 2_000,
  headersMilliseconds: 60_000,
  idleMilliseconds: 60_000,
};

/** 16 MiB: a data upload of the largest batch the data service accepts fits easily. */
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export interface StyxOptions {
  /** The rules, checked here; the defaults of DESIGN.md §2 when absent. */
  readonly rules?: RulesInput;
  /** Default `127.0.0.1` (main.ts listens on `0.0.0.0`). */
  readonly host?: string;
  /** Default 0: the system chooses. */
  readonly port?: number;
  /** The admin listener (`/metrics`, detailed `/status`); default 127.0.0.1 on a chosen port; `false` for none. */
  readonly admin?: { readonly host?: string; readonly port?: number } | false;
  /** The instances of a service, usually a hakken watch; required when a rule targets a service. */
  readonly resolveService?: (service: string) => UpstreamSource;
  readonly bodyLimitBytes?: number;
  readonly timeouts?: Partial<StyxTimeouts>;
  /** Attempts per request, the first included (default 3). */
  readonly maxAttempts?: number;
  readonly retryBudget?: Partial<RetryBudgetOptions>;
  readonly passiveHealth?: Partial<PassiveHealthOptions>;
  /** Believe `X-Forwarded-Proto/-Host` from the client: only behind a proxy of the operator. */
  readonly trustForwarded?: boolean;
  /** Connections kept per instance at most (default 256); further requests wait for one. */
  readonly connectionsPerInstance?: number;
  /** The access log and styx's own messages; silent when absent. */
  readonly logger?: Logger;
  /** Random numbers in [0, 1) for choosing instances; tests pass a fixed sequence. */
  readonly random?: () => number;
  /** How long `close()` lets requests in flight finish before cutting them (default 10 s). */
  readonly shutdownTimeoutMilliseconds?: number;
}

export interface RunningStyx extends AsyncDisposable {
  /** The public listener, for example `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The admin listener, or `undefined` when it is off. */
  readonly adminUrl: string | undefined;
  /** This router's metrics (what the admin `/metrics` serves). */
  readonly registry: Registry;
  /** What the admin `/status` serves: every target and instance. */
  status(): DetailedStatus;
  /**
   * Stops accepting connections, answers `/status` with 503, lets requests in flight finish
   * (cutting them after the shutdown timeout), then closes the pools, the watches and the
   * admin listener. Idempotent.
   */
  close(): Promise<void>;
}

const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/**
 * Starts styx.
 *
 * @example
 * await using styx = await startStyx({ rules: { hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [url] } }] } } });
 */
export async function startStyx(options: StyxOptions = {}): Promise<RunningStyx> {
  const rules = parseRules(
    options.rules ?? defaultRules(),
    options.rules === undefined ? 'the default rules' : 'the rules given',
  );
  const logger = options.logger ?? pino({ level: 'silent' });
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const metrics = createStyxMetrics();
  const connections = options.connectionsPerInstance ?? 256;
  const { table, groups } = compileRoutes(rules, {
    resolveService: options.resolveService,
    createDispatcher: (url) =>
      new Pool(url, {
        connections,
        pipelining: 1,
        connect: { timeout: timeouts.connectMilliseconds },
        headersTimeout: timeouts.headersMilliseconds,
        bodyTimeout: timeouts.idleMilliseconds,
      }),
    health: { ...DEFAULT_PASSIVE_HEALTH, ...options.passiveHealth },
    retryBudget: { ...DEFAULT_RETRY_BUDGET, ...options.retryBudget },
    random: options.random ?? Math.random,
    metrics,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    headersTimeoutMilliseconds: timeouts.headersMilliseconds,
    idleTimeoutMilliseconds: timeouts.idleMilliseconds,
  });

  let closing: Promise<void> | undefined;
  const status: StatusSource = {
    version,
    startedAt: Date.now(),
    groups,
    isClosing: () => closing !== undefined,
  };
  const handler = createProxyHandler({
    table,
    publicInternalRoutes: createPublicInternalRouteMatcher(SERVICES),
    unroutedMetrics: metrics.forRoute('-', '-'),
    logger,
    maxAttempts: options.maxAttempts ?? 3,
    trustForwarded: options.trustForwarded ?? false,
    answerStatus(_request, response, requestId) {
      if (closing !== undefined) {
        return sendProblem(
          response,
          { code: 'SERVICE_UNAVAILABLE', detail: 'styx is shutting down.' },
          { requestId, instance: '/status' },
        );
      }
      response.writeHead(200, {
        ...OWN_ANSWER_HEADERS,
        'content-type': 'application/json',
        'cache-control': 'no-store',
        [REQUEST_ID_HEADER]: requestId,
      });
      response.end(JSON.stringify(publicStatus(status)));
      return 200;
    },
  });

  // Nagle's algorithm would hold small writes, such as server-sent events, for up to 40 ms.
  const server = createServer({ noDelay: true }, handler);
  // Longer than the idle timeout of common load balancers (60 s), so that they close first (RFC 9112 §9.6).
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    // A reset by the client needs no answer; anything else gets a problem, never a bare status line.
    if (error.code === 'ECONNRESET') socket.destroy();
    else sendParseProblem(socket, error, randomUUID());
  });
  const url = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  let admin: AdminServer | undefined;
  if (options.admin !== false) {
    admin = await startAdminServer(options.admin?.host ?? '127.0.0.1', options.admin?.port ?? 0, {
      metrics: async () => ({
        contentType: metrics.registry.contentType,
        text: await metrics.registry.metrics(),
      }),
      status: () => Promise.resolve(detailedStatus(status)),
    });
  }
  logger.info({ url, adminUrl: admin?.url, rules: table.routes.length }, 'styx listening');

  async function shutDown(): Promise<void> {
    const timeout = options.shutdownTimeoutMilliseconds ?? 10_000;
    const stopped = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    // Keep-alive connections close as soon as they are idle; the rest get until the timeout.
    const sweeper = setInterval(() => {
      server.closeIdleConnections();
    }, 50);
    const deadline = setTimeout(() => {
      server.closeAllConnections();
    }, timeout);
    server.closeIdleConnections();
    await stopped;
    clearInterval(sweeper);
    clearTimeout(deadline);
    await Promise.all(groups.map((group) => group.close()));
    await admin?.close();
    logger.info('styx stopped');
  }

  const close = (): Promise<void> => (closing ??= shutDown());
  return {
    url,
    adminUrl: admin?.url,
    registry: metrics.registry,
    status: () => detailedStatus(status),
    close,
    [Symbol.asyncDispose]: close,
  };
}
