/** styx's request listener: find the rule, answer what styx answers itself, forward the rest. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '@tidepool/spec';
import type { InternalRouteMatcher } from '../http/internal-routes.js';
import { createAccessLogWriter } from '../observability/access-log.js';
import { parseRequestTarget, upstreamPath, type RequestTarget } from '../http/request-target.js';
import type { RouteMetrics } from '../observability/styx-metrics.js';
import type { Route } from '../rules/compile-routes.js';
import type { RouteTable } from '../rules/route-table.js';
import type { RedirectRule } from '../rules/rules-schema.js';
import { Exchange } from './exchange.js';
import { forwardWithRetries, type ForwardSettings } from './forward-with-retries.js';
import { declaredLength } from './request-body.js';

export interface ProxyHandlerOptions extends ForwardSettings {
  readonly table: RouteTable<Route>;
  /** The internal routes of every public service under its public prefix. */
  readonly publicInternalRoutes: InternalRouteMatcher;
  /** Counts requests that matched no rule. */
  readonly unroutedMetrics: RouteMetrics;
  /** Answers `GET /status` on the public port; returns the status sent. */
  readonly answerStatus: (request: IncomingMessage, response: ServerResponse, requestId: string) => number;
}

/** The same answer for an unknown path and an internal route, so that nobody learns which internal routes exist. */
const NO_ROUTE = { code: 'NOT_FOUND', detail: 'No route matches this path.' } as const;

function redirectLocation(redirect: RedirectRule, route: Route, target: RequestTarget): string {
  if (!redirect.appendPath) return redirect.to;
  const rest = route.pathPrefix === '/' ? target.path : target.path.slice(route.pathPrefix.length);
  const base = redirect.to.endsWith('/') && rest.startsWith('/') ? redirect.to.slice(0, -1) : redirect.to;
  return base + rest + target.query;
}

/**
 * The listener of the public server. It never throws: every path ends in an answer, a log
 * line and the metrics.
 *
 * @example createServer(createProxyHandler(options)).listen(8009)
 */
export function createProxyHandler(
  options: ProxyHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { table, publicInternalRoutes, unroutedMetrics } = options;
  const accessLog = createAccessLogWriter(options.logger);

  function handle(exchange: Exchange): number | Promise<number> {
    const { request, response } = exchange;
    const target = parseRequestTarget(request.url);
    if (target === undefined) {
      exchange.loggedPath = '-';
      return exchange.answerProblem(
        { code: 'BAD_REQUEST', detail: 'The request target must be a path.' },
        true,
      );
    }
    exchange.path = target.path;
    exchange.loggedPath = target.path;
    const method = request.method ?? 'GET';
    if (target.path === '/status' && (method === 'GET' || method === 'HEAD')) {
      return options.answerStatus(request, response, exchange.requestId);
    }
    const match = table.match(request.headers.host, target.path);
    if (typeof match === 'string') {
      return exchange.answerProblem(
        match === 'unknown-host'
          ? { code: 'NOT_FOUND', detail: 'styx has no rules for this host.' }
          : NO_ROUTE,
      );
    }
    const route = match;
    exchange.route = route;
    if (route.cors !== undefined) {
      if (route.cors.isPreflight(request)) {
        if (route.cors.answerPreflight(request, response, exchange.requestId)) return 204;
        return exchange.answerProblem({ code: 'FORBIDDEN', detail: 'This origin may not call this route.' });
      }
      exchange.corsHeaders = route.cors.answerHeaders(request.headers.origin);
    }
    if (route.redirect !== undefined) {
      const status = route.redirect.status;
      response.writeHead(status, {
        ...exchange.corsHeaders,
        location: redirectLocation(route.redirect, route, target),
        [REQUEST_ID_HEADER]: exchange.requestId,
        'content-length': 0,
      });
      response.end();
      return status;
    }
    const routeTarget = route.target;
    if (routeTarget === undefined) return exchange.answerProblem(NO_ROUTE);
    const path = upstreamPath(target, route.pathPrefix, route.keepPrefix);
    const internal =
      publicInternalRoutes.match(method, target.path) ??
      routeTarget.internalRoutes.match(
        method,
        upstreamPath({ path: target.path, query: '' }, route.pathPrefix, route.keepPrefix),
      );
    if (internal !== undefined) {
      // The log shows the route's template: the path itself may carry a token (`/token/:token`).
      exchange.loggedPath = `internal ${internal}`;
      return exchange.answerProblem(NO_ROUTE);
    }
    const length = declaredLength(request);
    if (length !== undefined && length > route.bodyLimitBytes) {
      return exchange.answerProblem(
        {
          code: 'PAYLOAD_TOO_LARGE',
          detail: `The request body is larger than this route accepts (${route.bodyLimitBytes} bytes).`,
        },
        true,
      );
    }
    exchange.watchClient();
    return forwardWithRetries(exchange, route, routeTarget, path, options);
  }

  // No named closure per request: under tsx (esbuild's keepNames) each one costs a
  // defineProperty of its name, about 0.4 µs (router/README.md, "Performance").
  return (request, response) => {
    const exchange = new Exchange(request, response, accessLog);
    let outcome: number | Promise<number>;
    try {
      outcome = handle(exchange);
    } catch (error) {
      outcome = failed(exchange, error, options.logger);
    }
    if (typeof outcome === 'number') exchange.finish(outcome, exchange.route?.metrics ?? unroutedMetrics);
    else
      outcome.then(
        (status) => {
          exchange.finish(status, exchange.route?.metrics ?? unroutedMetrics);
        },
        (error: unknown) => {
          exchange.finish(
            failed(exchange, error, options.logger),
            exchange.route?.metrics ?? unroutedMetrics,
          );
        },
      );
  };
}

/** A bug in styx: logged with its stack, answered with a 500 problem that leaks nothing. */
function failed(exchange: Exchange, error: unknown, logger: Logger): number {
  logger.error({ requestId: exchange.requestId, err: error }, 'styx failed to handle a request');
  return exchange.answerProblem({ code: 'INTERNAL', detail: 'styx failed to handle the request.' }, true);
}
