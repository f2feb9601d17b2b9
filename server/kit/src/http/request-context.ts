/** The request being served, reachable from any code it calls (for `x-request-id` propagation). */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { getRequestId } from './request-id.js';

interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the request whose handling is running now, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `work` as if serving the request with the given id (tests, background jobs). */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/**
 * Enters the request's context for the rest of the middleware chain. Mount it again after a
 * body parser: body-parser resumes from stream events, which run outside the context.
 */
export function requestContextMiddleware(): RequestHandler {
  return (request, _response, next) => {
    storage.run({ requestId: getRequestId(request) }, next);
  };
}
