/** A service's connection to the rest of the platform: discovery, its server token, token checks, and the other services. */
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  commaListSchema,
  createRemoteTokenChecker,
  createServerTokenClient,
  type Closer,
  type RemoteTokenChecker,
  type ServerTokenSource,
  type ServiceListingInput,
  type ServiceRegistry,
} from '@tidepool/kit';
import { createHakkenClient } from '@tidepool/hakken';
import { createAccessPermissionSource } from './access-permission-source.js';
import { failoverFetch } from './failover-fetch.js';
import { createMetadataPairSource, createMetadataProfileNameSource } from './metadata-sources.js';
import type { PermissionSource, PrivatePairSource, ProfileNameSource } from './platform-sources.js';
import { fixedServiceLocator, hakkenServiceLocator, type ServiceLocator } from './service-locator.js';

/** The environment variables of a platform service beyond the kit's: spread into its config schema. */
export const platformConfigShape = {
  /** hakken coordinators as `host:port` or URLs, comma-separated; without them the service is not published. */
  HAKKEN_COORDINATORS: commaListSchema,
  /** The host other processes reach this one at, when HOST is a wildcard such as 0.0.0.0. */
  ANNOUNCE_HOST: z.string().min(1).optional(),
};

export interface PlatformConnectionOptions {
  /** This service's name: its hakken listing and its server name at user-api. */
  readonly service: string;
  readonly config: {
    readonly SERVER_SECRET: string;
    readonly HAKKEN_COORDINATORS: readonly string[];
    readonly ANNOUNCE_HOST?: string | undefined;
  };
  readonly logger: Logger;
  /** Fixed base URLs by service name instead of hakken (tests; one service started by hand). */
  readonly serviceUrls?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
}

export interface PlatformConnection {
  /**
   * The fetch every client here uses: through hakken, a request an instance refused goes to
   * another instance of its service. Services pass it to the clients they make themselves.
   */
  readonly fetch: typeof fetch;
  /** Where runService publishes this service. */
  readonly registry: ServiceRegistry;
  /** The listing runService publishes. */
  readonly listing: ServiceListingInput;
  readonly locate: ServiceLocator;
  /** This service's server token, from user-api. */
  readonly serverTokens: ServerTokenSource;
  /** Checks callers' tokens at user-api, following its revocation stream. */
  readonly tokenChecker: RemoteTokenChecker;
  readonly permissions: PermissionSource;
  readonly pairs: PrivatePairSource;
  readonly profileNames: ProfileNameSource;
  /** For runService's closers: ends the revocation stream (the registry is closed by runService). */
  readonly closer: Closer;
}

/** Without coordinators (a lone developer's process, a test) nothing is published. */
const unpublished: ServiceRegistry = {
  publish: () => ({ drain: () => Promise.resolve(), close: () => Promise.resolve() }),
};

/**
 * Connects a service to the platform: through hakken when coordinators are configured, else
 * through `serviceUrls`. Nothing is contacted until first use.
 *
 * @example
 * const platform = connectPlatform({ service: 'data', config, logger });
 * const app = createApp(config, { logger, database, ...platform });
 * await runService({ app, config, logger, registry: platform.registry, listing: platform.listing,
 *   closers: [{ name: 'database', close: () => database.close() }, platform.closer] });
 */
export function connectPlatform(options: PlatformConnectionOptions): PlatformConnection {
  const { config, logger, service } = options;
  const hakken =
    config.HAKKEN_COORDINATORS.length === 0
      ? undefined
      : createHakkenClient({
          coordinators: config.HAKKEN_COORDINATORS,
          serverSecret: config.SERVER_SECRET,
          logger: logger.child({ component: 'hakken' }),
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        });
  if (hakken === undefined && options.serviceUrls === undefined)
    logger.warn(`HAKKEN_COORDINATORS is empty: ${service} is not published and finds no other service`);
  let locate: ServiceLocator;
  let fetchFunction = options.fetch ?? fetch;
  if (hakken === undefined) {
    locate = fixedServiceLocator(options.serviceUrls ?? {});
  } else {
    const failoverLocator = hakkenServiceLocator(hakken);
    locate = failoverLocator;
    fetchFunction = failoverFetch(failoverLocator, fetchFunction);
  }
  const fetchOption = { fetch: fetchFunction };

  const serverTokens = createServerTokenClient({
    baseUrl: locate('user-api'),
    serverName: service,
    serverSecret: config.SERVER_SECRET,
    ...fetchOption,
  });
  const tokenChecker = createRemoteTokenChecker({
    baseUrl: locate('user-api'),
    tokens: serverTokens,
    revocations: true,
    ...fetchOption,
  });
  const dependency = (name: string) => ({ baseUrl: locate(name), tokens: serverTokens, ...fetchOption });

  return {
    fetch: fetchFunction,
    registry: hakken ?? unpublished,
    listing: { service, ...(config.ANNOUNCE_HOST === undefined ? {} : { host: config.ANNOUNCE_HOST }) },
    locate,
    serverTokens,
    tokenChecker,
    permissions: createAccessPermissionSource(dependency('access')),
    pairs: createMetadataPairSource(dependency('metadata')),
    profileNames: createMetadataProfileNameSource(dependency('metadata')),
    closer: { name: 'token checker', close: () => tokenChecker.close() },
  };
}
