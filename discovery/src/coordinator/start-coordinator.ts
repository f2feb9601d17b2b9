/** Starts one hakken coordinator: the kit app over the hakken contract, gossip, replication and expiry. */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createLogger, createServiceApp, startServer, type TokenChecker } from '@tidepool/kit';
import { hakkenContract, type Coordinator } from '@tidepool/spec';
import { createCoordinatorApi, type CoordinatorApi } from '../coordinator-api.js';
import { coordinatorUrl, hostOf } from '../coordinator-url.js';
import { catchUpFromPeers } from './catch-up.js';
import { registerCoordinatorMetrics } from './coordinator-metrics.js';
import { createHakkenHandlers } from './handlers.js';
import { ListingStore } from './listing-store.js';
import { Membership } from './membership.js';
import { Replicator } from './replicator.js';
import { WatchHub } from './watch-hub.js';

export interface CoordinatorOptions {
  /** Publishing, gossip and replication need it (`x-tidepool-server-secret`). */
  readonly serverSecret: string;
  /** Default 127.0.0.1, the private interface (DESIGN.md §2). */
  readonly host?: string;
  /** Default 0: the system chooses. */
  readonly port?: number;
  /** `host:port` peers and clients reach this coordinator at; default the address it listens on. */
  readonly announceHost?: string;
  /** Seed coordinators, `host:port` or URLs. */
  readonly peers?: readonly string[];
  /** Default 1000 ms (DESIGN.md §7). */
  readonly heartbeatIntervalMs?: number;
  /** Default 3 (DESIGN.md §7). */
  readonly allowedMisses?: number;
  /** Default 10,000 changes. */
  readonly eventLogSize?: number;
  /** Default 16 kB. */
  readonly maximumListingBytes?: number;
  /** Default '64kb'. */
  readonly bodyLimit?: string;
  readonly nodeEnvironment?: 'development' | 'test' | 'production';
  readonly version?: string;
  /** Default: a silent logger. */
  readonly logger?: Logger;
}

/** A coordinator that is serving. */
export interface RunningCoordinator extends AsyncDisposable {
  /** This run's id; a restarted coordinator has a new one. */
  readonly id: string;
  /** `http://host:port` it listens at. */
  readonly url: string;
  /** `host:port` it announces to its peers. */
  readonly host: string;
  /** Ends the watch streams, stops gossip and replication, and closes the server. */
  close(): Promise<void>;
}

/** Hakken has no route for session tokens: every route is `none` or `secret`. */
const noSessionTokens: TokenChecker = { check: () => Promise.resolve(null) };

/**
 * Starts a coordinator and resolves once it listens and has caught up from its seeds.
 *
 * @example
 * await using coordinator = await startCoordinator({ serverSecret, peers: ['127.0.0.1:8000'] });
 */
export async function startCoordinator(options: CoordinatorOptions): Promise<RunningCoordinator> {
  const id = randomUUID();
  const logger = (options.logger ?? createLogger({ service: 'hakken', level: 'silent' })).child({
    coordinator: id,
  });
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
  const expiryMs = heartbeatIntervalMs * (options.allowedMisses ?? 3);
  const bodyLimit = options.bodyLimit ?? '64kb';
  const apis = new Map<string, CoordinatorApi>();
  const apiFor = (peer: Coordinator): CoordinatorApi => {
    const baseUrl = `${peer.protocol}://${peer.host}`;
    let api = apis.get(baseUrl);
    if (api === undefined) {
      // A peer slower than a heartbeat interval is as good as down for replication.
      api = createCoordinatorApi({
        baseUrl,
        serverSecret: options.serverSecret,
        timeoutMs: Math.max(heartbeatIntervalMs, 500),
      });
      apis.set(baseUrl, api);
    }
    return api;
  };

  // Versions start at the start time in microseconds: a version of an earlier run of this
  // coordinator is then always older than the event log, so resuming from it gives a snapshot.
  const store = new ListingStore({
    expiryMs,
    initialVersion: Date.now() * 1000,
    eventLogSize: options.eventLogSize ?? 10_000,
  });
  const hub = new WatchHub({ store, coordinatorId: id, keepAliveMs: heartbeatIntervalMs });
  let needsCatchUp = false;
  const membership = new Membership({
    seeds: (options.peers ?? []).map(coordinatorUrl),
    gossipIntervalMs: heartbeatIntervalMs,
    forgetAfterFailures: (options.allowedMisses ?? 3) * 3,
    apiFor,
    logger,
    onPeerJoined: (peer) => {
      // A coordinator that started with no peer to ask catches up from the first one it meets.
      if (!needsCatchUp) return;
      void catchUpFromPeers([peer], { store, apiFor, logger }).then((answered) => {
        if (answered) needsCatchUp = false;
      });
    },
  });
  // Batches stay well under a peer's body limit (same configuration everywhere).
  const replicator = new Replicator({
    coordinatorId: id,
    peers: () => membership.knownPeers(),
    apiFor,
    logger,
    maximumBatchBytes: 48 * 1024,
  });
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  const { app, metrics } = createServiceApp({
    service: 'hakken',
    version: options.version ?? '0.1.0',
    contract: hakkenContract,
    handlers: createHakkenHandlers({
      id,
      store,
      hub,
      membership,
      replicator,
      expiryMs,
      maximumListingBytes: options.maximumListingBytes ?? 16 * 1024,
      caughtUp,
    }),
    config: {
      NODE_ENV: options.nodeEnvironment ?? 'production',
      BODY_LIMIT: bodyLimit,
      SERVER_SECRET: options.serverSecret,
    },
    logger,
    tokenChecker: noSessionTokens,
  });
  const { heartbeatsMissed } = registerCoordinatorMetrics(metrics.registry, {
    listings: () => store.size,
    watchers: () => hub.size,
    peers: () => membership.knownPeers().length,
    reachablePeers: () => membership.reachablePeerCount(),
  });

  const server = await startServer(app, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    shutdownTimeoutMilliseconds: 2000,
  });
  const host = options.announceHost ?? hostOf(server.url);
  membership.start({ host, protocol: 'http', id });
  const seeds = membership.knownPeers();
  needsCatchUp = seeds.length === 0 || !(await catchUpFromPeers(seeds, { store, apiFor, logger }));
  markCaughtUp();

  // Sweeping four times an interval drops a listing within a quarter interval of its expiry.
  const sweep = setInterval(
    () => {
      const removed = store.expire();
      if (removed.length > 0) {
        heartbeatsMissed.inc(removed.length);
        logger.info(
          { listings: removed.map((change) => `${change.listing.service}/${String(change.listing.id)}`) },
          'listings expired',
        );
      }
    },
    Math.max(10, Math.floor(heartbeatIntervalMs / 4)),
  );
  sweep.unref();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweep);
      membership.close();
      replicator.close();
      hub.close();
      // Hakken's requests are small and quick; a connection still open after half a second is
      // an idle one the client opened ahead of time (undici does), not work to wait for.
      await server.close(500);
    })();
    return closing;
  };
  logger.info(
    { url: server.url, host, peers: seeds.map((peer) => peer.host), expiryMs },
    'coordinator started',
  );
  return { id, url: server.url, host, close, [Symbol.asyncDispose]: close };
}
