/** styx's own answers when it cannot forward: RFC 9457 problem details that say why (DESIGN.md §3, §8). */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_STATUS,
  REQUEST_ID_HEADER,
  type Problem,
  type ProblemCode,
} from '@tidepool/spec';

export interface ProblemAnswer {
  readonly code: ProblemCode;
  /** What went wrong this time, for a person to read; never a secret, a token or a query string. */
  readonly detail: string;
  /** Sent as `Retry-After` (RFC 9110 §10.2.3), for 503. */
  readonly retryAfterSeconds?: number;
}

/** The problem body, in the one shape of the platform (`ProblemSchema` of `@tidepool/spec`). */
export function problemBody(answer: ProblemAnswer, requestId: string, instance: string): Problem {
  const status = PROBLEM_STATUS[answer.code];
  return {
    // `about:blank`: the status says what kind of problem it is, so the title is its phrase (RFC 9457 §4.2.1).
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: answer.detail,
    instance,
    code: answer.code,
    requestId,
  };
}

export interface ProblemResponseOptions {
  readonly requestId: string;
  /** The request path without its query (queries may carry secrets). */
  readonly instance: string;
  /** Extra headers, for example the CORS headers of the rule. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Close the connection after answering: the request body was not read (RFC 9112 §9.6). */
  readonly closeConnection?: boolean;
}

/**
 * Writes a problem answer, unless an answer has already started (then the connection is cut,
 * which is the only way left to tell the client that the answer is incomplete).
 * Returns the status sent.
 */
export function sendProblem(
  response: ServerResponse,
  answer: ProblemAnswer,
  options: ProblemResponseOptions,
): number {
  const body = JSON.stringify(problemBody(answer, options.requestId, options.instance));
  const status = PROBLEM_STATUS[answer.code];
  if (response.headersSent) {
    response.destroy();
    return status;
  }
  const headers: Record<string, string | number> = {
    ...options.headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    [REQUEST_ID_HEADER]: options.requestId,
  };
  if (answer.retryAfterSeconds !== undefined) headers['retry-after'] = answer.retryAfterSeconds;
  if (options.closeConnection === true) headers.connection = 'close';
  response.writeHead(status, headers);
  response.end(response.req.method === 'HEAD' ? undefined : body);
  return status;
}
