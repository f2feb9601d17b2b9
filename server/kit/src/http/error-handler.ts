/** The one Express error handler: every failure becomes an `application/problem+json` answer. */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@tidepool/spec';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { ProblemError } from './problem-error.js';
import {
  badRequest,
  internalError,
  notFound,
  payloadTooLarge,
  serviceUnavailable,
  unsupportedMediaType,
} from './problems.js';
import { getRequestId } from './request-id.js';
import { MAXIMUM_JSON_DEPTH, TOO_DEEP_ERROR_TYPE } from './json-body.js';
import { problemFromRequestValidation, RequestValidationError } from './request-validation.js';

/** The `type` field that body-parser (through http-errors) puts on the errors it raises. */
function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  return typeof error.type === 'string' ? error.type : undefined;
}

/** How long a client should wait before retrying while the database fails over (a promotion takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The 503 for a request that found no writable database primary (docs/postgresql-replicas.md). */
function databaseUnavailable(cause: unknown): ProblemError {
  return serviceUnavailable('The database is unavailable; try again shortly.', {
    cause,
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

/**
 * Maps anything thrown to a problem; unknown errors become INTERNAL with their cause kept. A
 * lost, refused or read-only database is a 503 with Retry-After, also when a handler wrapped it
 * as an internal error: the same request succeeds once a primary is back.
 */
export function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) {
    return error.status === 500 && isDatabaseUnavailable(error.cause)
      ? databaseUnavailable(error.cause)
      : error;
  }
  if (isDatabaseUnavailable(error)) return databaseUnavailable(error);
  if (error instanceof RequestValidationError) return problemFromRequestValidation(error);
  switch (bodyParserErrorType(error)) {
    case 'entity.too.large':
      return payloadTooLarge('The request body is larger than this service accepts.', { cause: error });
    case 'entity.parse.failed':
      return badRequest('The request body is not valid JSON.', { cause: error });
    case TOO_DEEP_ERROR_TYPE:
      return badRequest(`The request body nests objects and arrays more than ${MAXIMUM_JSON_DEPTH} deep.`, {
        cause: error,
      });
    case 'charset.unsupported':
      return unsupportedMediaType('The request body is in an unsupported charset.', { cause: error });
    case 'encoding.unsupported':
      return unsupportedMediaType('The request body is in an unsupported content encoding.', {
        cause: error,
      });
    case 'request.aborted':
    case 'request.size.invalid':
      return badRequest('The request body was not received whole.', { cause: error });
    default:
      return clientError(error) ?? internalError(error);
  }
}

/**
 * The 4xx that Express and body-parser raise without a `type` (http-errors with a `status`):
 * a path segment that is not valid percent-encoding (RFC 3986 §2.1) makes Express throw a
 * URIError with status 400, and a body that fails to inflate (`Content-Encoding: gzip` over
 * garbage) comes as the zlib error with status 400. They are the client's fault, never a 500.
 */
function clientError(error: unknown): ProblemError | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (status === 413)
    return payloadTooLarge('The request body is larger than this service accepts.', { cause: error });
  if (status === 415) return unsupportedMediaType(undefined, { cause: error });
  if (error instanceof URIError) {
    return badRequest('The request path is not valid percent-encoding (RFC 3986 §2.1).', { cause: error });
  }
  return badRequest('The request could not be read.', { cause: error });
}

/** Where the request was addressed, as the client saw it through styx (RFC 9457 `instance`). */
function instanceOf(request: Request): string {
  const prefix = request.headers['x-forwarded-prefix'];
  const path = request.originalUrl.split('?')[0] ?? '/';
  return typeof prefix === 'string' && /^\/[A-Za-z0-9/_-]*$/.test(prefix) ? prefix + path : path;
}

/** Writes a problem as the answer to the request. */
export function sendProblem(request: Request, response: Response, problem: ProblemError): void {
  const body: Problem = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: instanceOf(request),
    code: problem.code,
    requestId: getRequestId(request),
    ...(problem.errors === undefined ? {} : { errors: [...problem.errors] }),
  };
  for (const [name, value] of Object.entries(problem.headers)) response.setHeader(name, value);
  if (problem.retryAfterSeconds !== undefined) {
    // RFC 9110 §10.2.3: delay-seconds is a non-negative integer.
    response.setHeader('Retry-After', String(Math.max(0, Math.ceil(problem.retryAfterSeconds))));
  }
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(body);
}

export interface ErrorHandlerOptions {
  readonly logger: Logger;
  /** Stacks are logged only in development (NODE_ENV=development); never sent. */
  readonly development: boolean;
}

/** Describes a cause for the log: its kind and message, and its stack only in development. */
function describeCause(cause: unknown, development: boolean): Record<string, unknown> {
  if (!(cause instanceof Error)) return { kind: typeof cause };
  return development
    ? { type: cause.name, message: cause.message, stack: cause.stack }
    : { type: cause.name, message: cause.message };
}

/**
 * The error handler every service app ends with. Server failures are logged with their
 * cause; the client only sees a generic detail and the request id to quote.
 */
export function createErrorHandler(options: ErrorHandlerOptions): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    const problem = toProblemError(error);
    if (problem.status >= 500) {
      options.logger.error(
        {
          requestId: getRequestId(request),
          code: problem.code,
          cause: describeCause(problem.cause ?? problem, options.development),
        },
        'request failed',
      );
    }
    if (response.headersSent) {
      // Too late for a problem: let Express end the connection so the client sees a failure.
      next(error);
      return;
    }
    sendProblem(request, response, problem);
  };
}

/** Answers 404 problems for paths no route matches; mount it after every route. */
export function notFoundHandler(): RequestHandler {
  return (request, _response, next) => {
    next(notFound(`No route matches ${request.method} ${request.path}.`));
  };
}
