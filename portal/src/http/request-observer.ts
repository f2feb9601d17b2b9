/** Request ids, one log line and the HTTP metrics of each request, as the kit's service apps have them. */
import type { Request, RequestHandler } from 'express';
import { getRequestId, type Logger, type ServiceMetrics } from '@tidepool/kit';
import { REQUEST_ID_HEADER } from '@tidepool/spec';

export interface RequestObserverOptions {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
}

/**
 * The route a request matched, as its path pattern (`/docs/assets/:name`), or `unmatched`.
 * Never the raw URL: labels and log lines stay few and carry nothing a client typed.
 */
export function routeOf(request: Request): string {
  const route: unknown = request.route;
  if (typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string') {
    return route.path;
  }
  return 'unmatched';
}

/**
 * Assigns the request id (echoed in `X-Request-Id`, so a client can quote it and styx can
 * follow the request), then on each finished answer counts and times it by route, method and
 * status, and logs one line without the URL, as the kit's `createServiceApp` does.
 */
export function observeRequests(options: RequestObserverOptions): RequestHandler {
  const { logger, metrics } = options;
  return (request, response, next) => {
    const requestId = getRequestId(request);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    const startedAt = performance.now();
    const stopTimer = metrics.httpRequestDurationSeconds.startTimer();
    response.once('finish', () => {
      const labels = { route: routeOf(request), method: request.method, status: String(response.statusCode) };
      metrics.httpRequestsTotal.inc(labels);
      stopTimer(labels);
      const line = {
        requestId,
        method: request.method,
        route: labels.route,
        status: response.statusCode,
        durationMs: Math.round(performance.now() - startedAt),
      };
      if (response.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
