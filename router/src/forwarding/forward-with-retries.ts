/** Forwarding a request to a target: choose an instance, attempt, and retry elsewhere when that is safe. */
import type { Logger } from 'pino';
import type { UpstreamEndpoint } from '../balancing/upstream-endpoint.js';
import { upstreamRequestHeaders } from '../http/upstream-request-headers.js';
import type { Route, RouteTarget } from '../rules/compile-routes.js';
import { CLIENT_CLOSED_STATUS, type Exchange } from './exchange.js';
import { ForwardAttempt, type AttemptResult } from './forward-attempt.js';
import {
  BodyTooLargeError,
  REPLAYABLE_BODY_BYTES,
  StreamedBody,
  declaredLength,
  hasBody,
  readBody,
} from './request-body.js';
import {
  classifyFailure,
  countsAgainstInstance,
  failureAnswer,
  neverReached,
  type FailureKind,
} from './upstream-failure.js';

/** Methods whose repetition has the same effect as one request (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

export interface ForwardSettings {
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
  readonly trustForwarded: boolean;
  readonly logger: Logger;
}

/** What is sent upstream, the same for every attempt. */
interface UpstreamRequest {
  readonly path: string;
  readonly method: string;
  /** Sending it twice does what sending it once does: an idempotent method, or a route the contract marks so. */
  readonly idempotent: boolean;
  readonly headers: string[];
  readonly body: Buffer | StreamedBody | null;
  readonly route: Route;
}

function attempt(
  endpoint: UpstreamEndpoint,
  exchange: Exchange,
  upstream: UpstreamRequest,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const handler = new ForwardAttempt(exchange.response, exchange, resolve);
    exchange.current = handler;
    const body = upstream.body;
    endpoint.dispatcher.dispatch(
      {
        path: upstream.path,
        method: upstream.method,
        headers: upstream.headers,
        // undici reads async iterables as streamed bodies (its Dispatcher docs); its types only name Readable.
        body: body === null || Buffer.isBuffer(body) ? body : (body.chunks() as unknown as Buffer),
        headersTimeout: upstream.route.headersTimeoutMilliseconds,
        bodyTimeout: upstream.route.idleTimeoutMilliseconds,
      },
      handler,
    );
  });
}

/** Whether a failed attempt may be followed by another one on another instance. */
function mayRetry(kind: FailureKind, upstream: UpstreamRequest): boolean {
  const body = upstream.body;
  // A streamed body that the failed attempt began to send is gone: it cannot be sent again.
  const replayable = body === null || Buffer.isBuffer(body) || !body.started;
  if (!replayable) return false;
  // Nothing reached the instance: safe for any method, POST included.
  if (neverReached(kind)) return true;
  // The connection broke and the request may have been processed: only if doing it twice is harmless.
  // A timeout is not retried: the instance is working on it, and a second one would double the wait.
  return kind === 'reset' && upstream.idempotent;
}

/**
 * Whether the request is idempotent: by its method (RFC 9110 §9.2.2), or because the target's
 * contract marks its route so (a POST the service deduplicates, such as the data upload).
 */
function isIdempotent(method: string, target: RouteTarget, path: string): boolean {
  if (IDEMPOTENT_METHODS.has(method)) return true;
  const query = path.indexOf('?');
  return target.idempotentRoutes.match(method, query === -1 ? path : path.slice(0, query)) !== undefined;
}

/** Reads a small body of an idempotent request, so that a retry can send it again; streams anything else. */
async function prepareBody(
  exchange: Exchange,
  route: Route,
  idempotent: boolean,
): Promise<Buffer | StreamedBody> {
  const request = exchange.request;
  const length = declaredLength(request);
  if (idempotent && length !== undefined && length <= REPLAYABLE_BODY_BYTES) {
    return readBody(request, route.bodyLimitBytes);
  }
  return new StreamedBody(request, route.bodyLimitBytes);
}

/**
 * Forwards the request of `exchange` to `target` and returns the status the client got.
 * Attempts go to different instances, at most `maxAttempts`, and every retry is taken from
 * the target's retry budget. A retry happens only when the request never reached an instance
 * (connection refused, connect timeout) and its body was not consumed, or when it is
 * idempotent (by method or by contract), its body can be sent again, and the connection broke
 * before any answer.
 */
export async function forwardWithRetries(
  exchange: Exchange,
  route: Route,
  target: RouteTarget,
  path: string,
  settings: ForwardSettings,
): Promise<number> {
  const method = exchange.request.method ?? 'GET';
  const idempotent = isIdempotent(method, target, path);
  let body: Buffer | StreamedBody | null = null;
  try {
    // Most requests have no body: nothing to read, and no wait for it.
    if (hasBody(exchange.request)) body = await prepareBody(exchange, route, idempotent);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return exchange.answerProblem(failureAnswer('too-large', target.service), true);
    exchange.clientGone = true;
    return CLIENT_CLOSED_STATUS;
  }
  const upstream: UpstreamRequest = {
    path,
    method,
    idempotent,
    body,
    route,
    headers: upstreamRequestHeaders(exchange.request, {
      requestId: exchange.requestId,
      strippedPrefix: route.keepPrefix || route.pathPrefix === '/' ? undefined : route.pathPrefix,
      trustForwarded: settings.trustForwarded,
    }),
  };
  const { group, budget, service, metrics } = target;
  budget.recordRequest(Date.now());
  const tried: UpstreamEndpoint[] = [];
  for (;;) {
    const now = Date.now();
    const endpoint = group.choose(tried, now);
    if (endpoint === undefined) {
      const counts = group.availability(now);
      return exchange.answerProblem({
        code: 'SERVICE_UNAVAILABLE',
        detail:
          counts.total === 0
            ? `No instance of ${service} is known.`
            : `No instance of ${service} is available (${counts.draining} draining, ${counts.ejected} ejected after failures).`,
        retryAfterSeconds: 1,
      });
    }
    tried.push(endpoint);
    exchange.attempts += 1;
    exchange.instance = endpoint.instance.id;
    endpoint.outstanding += 1;
    const result = await attempt(endpoint, exchange, upstream);
    endpoint.outstanding -= 1;
    exchange.current = undefined;

    if (result.kind === 'answered') {
      metrics.attempt('answered');
      if (body instanceof StreamedBody) body.discardRest();
      if (result.status >= 500 || (!result.complete && !exchange.clientGone)) {
        recordFailure(endpoint, target, settings.logger);
      } else if (result.complete) {
        endpoint.recordSuccess();
      }
      return result.status;
    }

    const kind = classifyFailure(result.error);
    metrics.attempt(kind);
    if (countsAgainstInstance(kind)) recordFailure(endpoint, target, settings.logger);
    if (kind === 'client-closed' || exchange.clientGone) {
      exchange.clientGone = true;
      return CLIENT_CLOSED_STATUS;
    }
    if (kind === 'too-large') return exchange.answerProblem(failureAnswer(kind, service), true);
    const retry =
      mayRetry(kind, upstream) &&
      tried.length < settings.maxAttempts &&
      group.choose(tried, now) !== undefined &&
      budget.tryRetry(now);
    if (!retry) {
      // The body may be partly unread: the connection cannot carry another request.
      const unread = body !== null && !Buffer.isBuffer(body) && !exchange.request.complete;
      // All of it arrived but not all was read: read the rest, or the connection stays paused.
      if (!unread && body instanceof StreamedBody) body.discardRest();
      return exchange.answerProblem(failureAnswer(kind, service), unread);
    }
    metrics.retry();
  }
}

function recordFailure(endpoint: UpstreamEndpoint, target: RouteTarget, logger: Logger): void {
  const now = Date.now();
  if (!endpoint.recordFailure(now)) return;
  target.metrics.ejection();
  logger.warn(
    { target: target.service, instance: endpoint.instance.id, ejectedForMs: endpoint.ejectedUntil - now },
    'instance ejected after consecutive failures',
  );
}
