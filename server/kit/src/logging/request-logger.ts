/** One log line per request: id, method, route key, status and duration; never the raw URL. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { getRequestId } from '../http/request-id.js';

// The interface is declared in 'http' ('node:http' re-exports it): the augmentation goes there.
declare module 'http' {
  interface IncomingMessage {
    /** The request's logger: the service's, with `requestId` on every line (`requestLogger`). */
    log: Logger;
  }
}

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

/**
 * The services' request log. A routine request (a heartbeat, a health check) that succeeds is
 * logged at debug, any other at info, and a failure (5xx) at error; a request whose client
 * left before the answer was sent says `aborted`. Handlers log through `request.log`, a child
 * logger that carries `requestId` and nothing else of the request.
 *
 * Written out rather than pino-http, which made two child loggers for every request, one of
 * them with the whole request serialised into its bindings (headers included) though no line
 * showed it: 60–160 µs of a kit service's ~700 µs of CPU for a trivial request (interleaved
 * runs), logged or not.
 */
export function requestLogger(options: RequestLoggerOptions): RequestHandler {
  const { logger, routeOf, isRoutine } = options;

  function logAnswer(request: IncomingMessage, response: ServerResponse, startedAt: number, log: Logger) {
    const status = response.statusCode;
    const failed = status >= 500;
    const level = failed ? 'error' : status < 400 && isRoutine?.(request) === true ? 'debug' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const line = {
      method: request.method,
      route: routeOf(request),
      status,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      ...(response.writableFinished ? {} : { aborted: true }),
    };
    log[level](line, failed ? 'request failed' : 'request completed');
  }

  return (request, response, next) => {
    const startedAt = performance.now();
    // Set as a plain property: a getter defined on each request cost more than the child it saves.
    const log = logger.child({ requestId: getRequestId(request) });
    request.log = log;
    const onDone = () => {
      response.off('finish', onDone);
      response.off('close', onDone);
      logAnswer(request, response, startedAt, log);
    };
    response.on('finish', onDone);
    response.on('close', onDone);
    next();
  };
}
