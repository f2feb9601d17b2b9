/** Request ids: keep a sane incoming `X-Request-Id` or make one, echo it, and let anyone read it. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { REQUEST_ID_HEADER } from '@tidepool/spec';

/** Ids a client or styx may choose: short and made of characters safe in logs and headers. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const requestIds = new WeakMap<IncomingMessage, string>();

/** The incoming id when it is acceptable, otherwise a fresh UUID. */
export function chooseRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The id of a request. Set by `requestIdMiddleware`; a request that never passed it (an error
 * raised before it, a test calling a handler directly) gets a fresh one, so a problem always
 * carries an id.
 */
export function getRequestId(request: IncomingMessage): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    id = chooseRequestId(request.headers[REQUEST_ID_HEADER]);
    requestIds.set(request, id);
  }
  return id;
}

/**
 * Assigns the request id and echoes it in `X-Request-Id`, so a client can quote it and styx
 * can follow a request through the services.
 */
export function requestIdMiddleware(): RequestHandler {
  return (request, response, next) => {
    response.setHeader(REQUEST_ID_HEADER, getRequestId(request));
    next();
  };
}
