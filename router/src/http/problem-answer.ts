/** styx's own answers when it cannot forward: RFC 9457 problem details that say why (DESIGN.md §3, §8). */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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

/**
 * The headers of every answer styx makes itself, as the services' (server/kit, helmet): no
 * sniffing, a policy that allows nothing (a problem is JSON, never a page), no framing.
 */
export const OWN_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

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
    ...OWN_ANSWER_HEADERS,
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

/**
 * Answers a request Node's HTTP parser refused before styx saw it (malformed, or request line
 * and headers over the 16 KiB limit) with a problem on the raw socket, then closes it: the
 * same one error shape as every other answer, instead of Node's bare status line.
 */
export function sendParseProblem(socket: Socket, error: Error & { code?: string }, requestId: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const answer: ProblemAnswer = tooLarge
    ? { code: 'HEADERS_TOO_LARGE', detail: 'The request line and headers are larger than 16 KiB.' }
    : { code: 'BAD_REQUEST', detail: 'The request is not valid HTTP/1.1.' };
  const status = PROBLEM_STATUS[answer.code];
  const body = JSON.stringify(problemBody(answer, requestId, '/'));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    ...Object.entries(OWN_ANSWER_HEADERS).map(([name, value]) => `${name}: ${value}`),
    `${REQUEST_ID_HEADER}: ${requestId}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
