/** The app factory every service uses: its contract's routes with everything of DESIGN.md §4 around them. */
import type { IncomingMessage } from 'node:http';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { isAppRoute, type AppRoute, type AppRouter } from '@ts-rest/core';
import { createExpressEndpoints } from '@ts-rest/express';
import type { Logger } from 'pino';
import { routeMeta, serviceStatusRoutes } from '@tidepool/spec';
import { createAuthMiddleware } from '../auth/auth-middleware.js';
import type { TokenChecker } from '../auth/token-checker.js';
import type { BaseServiceConfig } from '../config/service-config.js';
import { createErrorHandler, notFoundHandler } from '../http/error-handler.js';
import { serviceUnavailable } from '../http/problems.js';
import { jsonBodyParser } from '../http/json-body.js';
import { requestContextMiddleware } from '../http/request-context.js';
import { requestIdMiddleware } from '../http/request-id.js';
import { handleRequestValidationError } from '../http/request-validation.js';
import { securityHeaders } from '../http/security-headers.js';
import { prepareStreamedBody } from '../http/streamed-body.js';
import { requestLogger } from '../logging/request-logger.js';
import {
  createServiceMetrics,
  httpMetricsMiddleware,
  type ServiceMetrics,
} from '../metrics/service-metrics.js';
import { assertHandlersMatchContract, indexContractRoutes } from './route-index.js';
import { createStatusReader, type StatusCheck } from './service-status.js';

/** The routes the kit serves itself in every service (spec `serviceStatusRoutes`). */
const KIT_ROUTES = ['getStatus', 'getMetrics'] as const;
type KitRoute = (typeof KIT_ROUTES)[number];

/** ts-rest's handler tree for a contract (its type is not exported under a name). */
type RouterImplementation<Contract extends AppRouter> = Parameters<
  typeof createExpressEndpoints<Contract>
>[1];

/** The handlers a service writes: every route of its contract except `getStatus` and `getMetrics`. */
export type ServiceHandlers<Contract extends AppRouter> = Omit<RouterImplementation<Contract>, KitRoute>;

export interface ServiceAppOptions<Contract extends AppRouter> {
  /** The hakken service name, such as `user-api`. */
  readonly service: string;
  readonly version: string;
  readonly contract: Contract;
  readonly handlers: ServiceHandlers<Contract>;
  readonly config: Pick<BaseServiceConfig, 'NODE_ENV' | 'BODY_LIMIT' | 'SERVER_SECRET'>;
  readonly logger: Logger;
  readonly tokenChecker: TokenChecker;
  /** Dependency checks for `/status`, such as `{ database: () => database.ping() }`. */
  readonly checks?: Readonly<Record<string, StatusCheck>>;
}

export interface ServiceApp {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
}

/**
 * Builds a service's Express app: request ids, request logging, metrics, security headers,
 * the contract's routes behind the auth middleware, then JSON body limits, with request and
 * response validation, `/status` and `/metrics`, and problem details for every error.
 * Throws at once when a route lacks metadata or a handler.
 *
 * @example
 * const { app } = createServiceApp({ service: 'metadata', version, contract: metadataContract,
 *   handlers, config, logger, tokenChecker, checks: { database: () => database.ping() } });
 */
export function createServiceApp<Contract extends AppRouter>(
  options: ServiceAppOptions<Contract>,
): ServiceApp {
  const { contract, logger } = options;
  const routeKeys = indexContractRoutes(contract);
  const plainRouteKeys = new WeakMap<IncomingMessage, KitRoute>();
  const routeOf = (request: IncomingMessage): string => {
    const route = (request as IncomingMessage & { tsRestRoute?: AppRoute }).tsRestRoute;
    if (route !== undefined) return routeKeys.get(route) ?? 'unknown';
    return plainRouteKeys.get(request) ?? 'unmatched';
  };
  /** `RouteMeta.routine` of the route served: of the contract, or of spec's status routes for the kit's own. */
  const isRoutine = (request: IncomingMessage): boolean => {
    const kitRoute = plainRouteKeys.get(request);
    const route =
      (request as IncomingMessage & { tsRestRoute?: AppRoute }).tsRestRoute ??
      (kitRoute === undefined ? undefined : serviceStatusRoutes[kitRoute]);
    return route !== undefined && routeMeta(route).routine === true;
  };

  const metrics = createServiceMetrics(options.service);
  const readStatus = createStatusReader({
    service: options.service,
    version: options.version,
    checks: options.checks ?? {},
    logger,
  });

  const app = express();
  app.disable('x-powered-by');
  // Answers are `no-store` (securityHeaders): an ETag would never be revalidated, and Express
  // hashes every body to make one (~2 % of a trivial request's CPU in a profile; more for a large answer).
  app.disable('etag');
  // Services listen on private interfaces behind styx (DESIGN.md §2): trust its X-Forwarded-For.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(requestIdMiddleware());
  app.use(httpMetricsMiddleware(metrics, routeOf));
  app.use(requestLogger({ logger, routeOf, isRoutine }));
  app.use(securityHeaders());
  app.use(requestContextMiddleware());

  const kitHandlers = {
    getStatus: async () => {
      const report = await readStatus();
      const failing = Object.keys(report.checks).filter((name) => report.checks[name] === 'failing');
      // The contract: 200 while requests are served, a 503 problem when a required dependency
      // is down, so that load balancers and styx can act on the status code alone.
      if (failing.length > 0) throw serviceUnavailable(`Failing checks: ${failing.join(', ')}.`);
      return { status: 200, body: report };
    },
    getMetrics: async () => ({ status: 200, body: await metrics.registry.metrics() }),
  };
  const given: Record<string, unknown> = { ...options.handlers };
  for (const name of KIT_ROUTES) {
    if (name in contract) {
      given[name] = kitHandlers[name];
    } else {
      app.get(name === 'getStatus' ? '/status' : '/metrics', plainKitRoute(name));
    }
  }
  assertHandlersMatchContract(contract, given);
  // @ts-rest/express registers Express routes in the order of the handler object's keys, and
  // Express takes the first match: follow the contract's order, where literal paths such as
  // `/groups/:userid` come before `/:groupid/:userid`, whatever order a service wrote them in.
  const served = contractOrder(contract, given, (handler) => withStreamedBodies(handler, logger));

  function plainKitRoute(name: KitRoute): RequestHandler {
    return (request, response, next) => {
      plainRouteKeys.set(request, name);
      kitHandlers[name]().then((result) => {
        if (name === 'getMetrics') response.type(metrics.registry.contentType);
        response.status(result.status).send(result.body);
      }, next);
    };
  }

  createExpressEndpoints(contract, served as RouterImplementation<Contract>, app, {
    logInitialization: false,
    jsonQuery: false,
    responseValidation: true,
    // A body is read only for a route that exists and a caller the route admits: a request
    // without a valid token is answered 401 before any of its body is parsed, so an anonymous
    // client cannot make a service parse megabytes of JSON. The context is entered again after
    // the parser, which resumes from stream events outside it.
    globalMiddleware: [
      createAuthMiddleware({
        tokenChecker: options.tokenChecker,
        serverSecret: options.config.SERVER_SECRET,
      }),
      ...jsonBodyParser(options.config.BODY_LIMIT),
      requestContextMiddleware(),
    ],
    requestValidationErrorHandler: handleRequestValidationError,
  });
  app.use(notFoundHandler());
  app.use(createErrorHandler({ logger, development: options.config.NODE_ENV === 'development' }));
  return { app, metrics };
}

/**
 * The handlers re-keyed in the order of the contract's routes (nested routers depth first),
 * each passed through `wrap`.
 */
function contractOrder(
  contract: AppRouter,
  handlers: Record<string, unknown>,
  wrap: (handler: unknown) => unknown,
): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(contract)) {
    const handler = handlers[key];
    if (handler === undefined) continue;
    ordered[key] = isAppRoute(entry)
      ? wrap(handler)
      : contractOrder(entry, handler as Record<string, unknown>, wrap);
  }
  return ordered;
}

type HandlerArguments = { readonly req: Request; readonly res: Response };
type HandlerFunction = (args: HandlerArguments) => Promise<{ status: number; body: unknown }>;

/** A handler (a function, or ts-rest's `{ handler, middleware }`) whose `streamedBody` answers are prepared. */
function withStreamedBodies(implementation: unknown, logger: Logger): unknown {
  const wrapFunction =
    (handler: HandlerFunction): HandlerFunction =>
    async (args) => {
      const result = await handler(args);
      prepareStreamedBody(result.body, args.req, args.res, logger);
      return result;
    };
  if (typeof implementation === 'function') return wrapFunction(implementation as HandlerFunction);
  const options = implementation as { handler: HandlerFunction };
  return { ...options, handler: wrapFunction(options.handler) };
}
