/** Running a service process (DESIGN.md §4): listen, publish to discovery, and on SIGTERM drain before going. */
import type { RequestListener } from 'node:http';
import type { Logger } from 'pino';
import type { BaseServiceConfig } from '../config/service-config.js';
import { onShutdown, type Closer, type ShutdownProcess } from './on-shutdown.js';
import { startServer, type RunningServer } from './start-server.js';

/** What a process publishes about itself (a hakken listing, DESIGN.md §7). */
export interface ServiceListing {
  readonly service: string;
  /** `hostname:port` on the private network. */
  readonly host: string;
  readonly protocol: 'http' | 'https';
  readonly [field: string]: unknown;
}

/** A published listing, kept alive until closed. */
export interface RegistryPublication {
  /** Publishes the listing as draining, so that routers stop sending new requests. */
  drain(): Promise<void>;
  /** Removes the listing. */
  close(): Promise<void>;
}

/**
 * Where services publish themselves. The hakken client implements it; the kit names only this
 * interface because discovery itself is built on the kit.
 */
export interface ServiceRegistry {
  publish(listing: ServiceListing): RegistryPublication;
  /** Called last, after the listing is removed (the hakken client stops its watches here). */
  close?(): Promise<void>;
}

/** The listing to publish; `host` is the host name only, the port is the one the server got. */
export interface ServiceListingInput {
  readonly service: string;
  readonly protocol?: 'http' | 'https';
  /** Default HOST, or 127.0.0.1 when HOST is a wildcard (give the private address then). */
  readonly host?: string;
  readonly [field: string]: unknown;
}

export interface RunServiceOptions {
  readonly app: RequestListener;
  readonly config: Pick<BaseServiceConfig, 'HOST' | 'PORT' | 'SHUTDOWN_TIMEOUT_MS'>;
  readonly logger: Logger;
  readonly registry: ServiceRegistry;
  readonly listing: ServiceListingInput;
  /** What the service opened (databases, clients), in order of opening; closed in reverse. */
  readonly closers?: readonly Closer[];
  /** How long to keep serving after publishing `draining`, so that routers learn it (default 1 s). */
  readonly drainDelayMilliseconds?: number;
  /** The process whose signals end the service; tests pass a stand-in. */
  readonly process?: ShutdownProcess;
}

export interface RunningService {
  readonly server: RunningServer;
  readonly listing: ServiceListing;
  /** Removes the signal handlers (for tests that stop the service themselves). */
  removeSignalHandlers(): void;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** `hostname:port`, with an IPv6 address in brackets as listings write it. */
function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Starts the server on HOST:PORT and publishes `{service, host, protocol}`. On the first
 * SIGTERM or SIGINT, in this order (DESIGN.md §4, §7): publish `draining` and keep serving for
 * the propagation delay so that routers stop sending; stop accepting and let requests in flight
 * finish; close the closers in reverse order; remove the listing; exit 0 (1 if a step failed).
 *
 * @example
 * const hakken = createHakkenClient({ coordinators: config.HAKKEN_COORDINATORS, serverSecret: config.SERVER_SECRET });
 * await runService({ app, config, logger, registry: hakken, listing: { service: 'metadata' },
 *   closers: [{ name: 'database', close: () => database.close() }] });
 */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const { config, logger, registry } = options;
  const drainDelay = options.drainDelayMilliseconds ?? 1000;
  const server = await startServer(options.app, {
    host: config.HOST,
    port: config.PORT,
    shutdownTimeoutMilliseconds: config.SHUTDOWN_TIMEOUT_MS,
  });
  const { service, protocol = 'http', host: listedHost, ...extra } = options.listing;
  const host = listedHost ?? (WILDCARD_HOSTS.has(config.HOST) ? '127.0.0.1' : config.HOST);
  const listing: ServiceListing = { ...extra, service, host: hostPort(host, server.port), protocol };

  let publication: RegistryPublication;
  try {
    publication = registry.publish(listing);
  } catch (error) {
    await server.close();
    throw error;
  }
  logger.info({ url: server.url, listing: listing.host }, 'listening');

  // onShutdown closes in reverse order: the last entry here is the first step at shutdown.
  const steps: Closer[] = [
    { name: 'registry', close: () => registry.close?.() ?? Promise.resolve() },
    { name: 'listing', close: () => publication.close() },
    ...(options.closers ?? []),
    { name: 'server', close: () => server.close() },
    {
      name: 'draining',
      close: async () => {
        await publication.drain();
        await new Promise((resolve) => setTimeout(resolve, drainDelay));
      },
    },
  ];
  const removeSignalHandlers = onShutdown(steps, {
    logger,
    timeoutMilliseconds: drainDelay + config.SHUTDOWN_TIMEOUT_MS + 10_000,
    ...(options.process === undefined ? {} : { process: options.process }),
  });
  return { server, listing, removeSignalHandlers };
}
