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
}

function requestLine(
  request: IncomingMessage,
  response: ServerResponse,
  routeOf: RequestLoggerOptions['routeOf'],
) {
  return { method: request.method, route: routeOf(request), status: response.statusCode };
}

/**
 * pino-http set up for the services. Handlers log through `request.log`, a child logger that
 * carries `requestId` and nothing else of the request.
 */
export function requestLogger(options: RequestLoggerOptions): RequestHandler {
  const middleware = pinoHttp({
    logger: options.logger,
    genReqId: (request) => getRequestId(request),
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    customLogLevel: (_request, response, error) =>
      error !== undefined || response.statusCode >= 500 ? 'error' : 'info',
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
