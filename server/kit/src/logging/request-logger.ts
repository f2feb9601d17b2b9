/** One log line per request: id, method, route key, status and duration; never the raw URL. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { getRequestId } from '../http/request-id.js';

export interface RequestLoggerOptions {
  readonly logger: Logger;
  /**
   * The route a request matched, by contract key (`getUser`), or a fixed word when none
   * matched. The raw URL is never logged: it carries user ids and query values.
   */
  readonly routeOf: (request: IncomingMessage) => string;
  /** Whether the request's route is routine (`RouteMeta.routine`): its success is logged at debug. */
  readonly isRoutine?: (request: IncomingMessage) => boolean;
}

function requestLine(
  request: IncomingMessage,
  response: ServerResponse,
  routeOf: RequestLoggerOptions['routeOf'],
) {
  return { method: request.method, route: routeOf(request), status: response.statusCode };
}

/**
 * pino-http set up for the services. A routine request (a heartbeat, a health check) that
 * succeeds is logged at debug, any other at info, and a failure (5xx) at error. Handlers log
 * through `request.log`, a child logger that carries `requestId` and nothing else of the request.
 */
export function requestLogger(options: RequestLoggerOptions): RequestHandler {
  const middleware = pinoHttp({
    logger: options.logger,
    genReqId: (request) => getRequestId(request),
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    customLogLevel: (request, response, error) => {
      if (error !== undefined || response.statusCode >= 500) return 'error';
      return response.statusCode < 400 && options.isRoutine?.(request) === true ? 'debug' : 'info';
    },
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (request, response, value: { durationMs: number }) => ({
      ...requestLine(request, response, options.routeOf),
      durationMs: value.durationMs,
    }),
    customErrorObject: (request, response, _error, value: { durationMs: number }) => ({
      ...requestLine(request, response, options.routeOf),
      durationMs: value.durationMs,
    }),
  });
  return (request, response, next) => {
    middleware(request, response, next);
  };
}
