/** One request passing through styx: what is known about it so far, for the answer, the log and the metrics. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { REQUEST_ID_HEADER, type ProblemCode } from '@tidepool/spec';
import { sendProblem, type ProblemAnswer } from '../http/problem-answer.js';
import { loggedPath, type AccessLogWriter } from '../observability/access-log.js';
import type { RouteMetrics } from '../observability/styx-metrics.js';
import type { Route } from '../rules/compile-routes.js';
import type { ForwardAttempt } from './forward-attempt.js';
import { ClientClosedError } from './upstream-failure.js';

/** The status logged and counted when the client left before its answer was complete (as nginx does). */
export const CLIENT_CLOSED_STATUS = 499;

/** Ids a client may choose: short, and safe in logs and headers (the same rule as server/kit). */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming `X-Request-Id` when it is acceptable, otherwise a fresh UUID. */
export function chooseRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const ACTIVE_EXCHANGES = Symbol('styx.activeExchanges');

/** A client connection with the exchanges in progress on it (several when the client pipelines). */
type WatchedSocket = Socket & { [ACTIVE_EXCHANGES]?: Set<Exchange> };

function onConnectionClosed(this: WatchedSocket): void {
  const active = this[ACTIVE_EXCHANGES];
  if (active === undefined) return;
  for (const exchange of active) exchange.clientLeft();
  active.clear();
}

export class Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
  readonly startedAt: number;
  /** The request path without its query: the problem's `instance`. */
  path = '';
  /** What the log shows as the path: never the query, and for refused internal routes the template. */
  loggedPath = '';
  route: Route | undefined;
  instance: string | undefined;
  attempts = 0;
  problem: ProblemCode | undefined;
  /** The CORS headers of the rule for this request's origin. */
  corsHeaders: Readonly<Record<string, string>> | undefined;
  /** The attempt in flight, so that a client leaving can stop it. */
  current: ForwardAttempt | undefined;
  clientGone = false;
  private readonly log: AccessLogWriter;
  private finished = false;
  /** The exchanges of this request's connection that `watchClient` added this one to. */
  private watchedBy: Set<Exchange> | undefined;

  constructor(request: IncomingMessage, response: ServerResponse, log: AccessLogWriter) {
    this.request = request;
    this.response = response;
    this.log = log;
    this.startedAt = performance.now();
    this.requestId = chooseRequestId(request.headers[REQUEST_ID_HEADER]);
  }

  /**
   * Watches for the client leaving: the attempt in flight is stopped, so the instance stops
   * working for nobody. The watch is one listener per connection, not one per request: a
   * keep-alive connection carries thousands of requests (router/README.md, "Performance").
   */
  watchClient(): void {
    const socket = this.request.socket as WatchedSocket;
    let active = socket[ACTIVE_EXCHANGES];
    if (active === undefined) {
      active = new Set();
      socket[ACTIVE_EXCHANGES] = active;
      socket.once('close', onConnectionClosed);
    }
    active.add(this);
    this.watchedBy = active;
  }

  /** The connection closed before the answer was complete. */
  clientLeft(): void {
    if (this.response.writableFinished) return;
    this.clientGone = true;
    this.current?.abort(new ClientClosedError());
  }

  /** Answers with a problem that says why styx did not forward (or could not finish forwarding). */
  answerProblem(answer: ProblemAnswer, closeConnection = false): number {
    this.problem = answer.code;
    return sendProblem(this.response, answer, {
      requestId: this.requestId,
      instance: this.path,
      headers: this.corsHeaders,
      closeConnection,
    });
  }

  /** Logs and counts the request once, with the status the client got. */
  finish(status: number, metrics: RouteMetrics): void {
    if (this.finished) return;
    this.finished = true;
    this.watchedBy?.delete(this);
    const finalStatus = this.clientGone ? CLIENT_CLOSED_STATUS : status;
    const durationMs = performance.now() - this.startedAt;
    metrics.observe(finalStatus, durationMs / 1000);
    this.log({
      requestId: this.requestId,
      method: this.request.method ?? '-',
      path: loggedPath(this.loggedPath),
      route: this.route?.name ?? '-',
      target: this.route?.target?.service ?? '-',
      instance: this.instance,
      attempts: this.attempts,
      status: finalStatus,
      durationMs: Math.round(durationMs * 100) / 100,
      problem: this.problem,
    });
  }
}
