/** Streamed answers: a handler may answer a body it produces piece by piece (a large JSON array) rather than a value in memory. */
import type { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { sendProblem, toProblemError } from './error-handler.js';
import { getRequestId } from './request-id.js';

/** The media type of each stream marked by `streamedBody`. */
const contentTypes = new WeakMap<Readable, string>();

/**
 * Marks `stream` as the body of an answer and types it as the contract's body, so that a
 * handler can answer `{ status: 200, body: streamedBody(stream) }`. The kit sends
 * `contentType` and pipes the stream (ts-rest pipes any stream body); response validation does
 * not run on a stream, so the handler answers for what it writes. Data of a failing stream
 * ends in a problem when nothing was sent yet, else in a cut connection, never in a truncated
 * body that looks whole. A client that goes away destroys the stream (its cleanup runs).
 *
 * @example
 * const stream = Readable.from(jsonArrayChunks(rows));
 * return { status: 200, body: streamedBody<StoredDatum[]>(stream) };
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the contract's body type, which the stream writes.
export function streamedBody<Body>(stream: Readable, contentType = 'application/json; charset=utf-8'): Body {
  contentTypes.set(stream, contentType);
  return stream as unknown as Body;
}

/** The stream and its media type when `body` came from `streamedBody`. */
function asStreamedBody(body: unknown): { stream: Readable; contentType: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const contentType = contentTypes.get(body as Readable);
  return contentType === undefined ? undefined : { stream: body as Readable, contentType };
}

/**
 * Prepares the answer for a streamed body before ts-rest pipes it: its media type, and what
 * happens when either side fails. Does nothing for other bodies.
 */
export function prepareStreamedBody(
  body: unknown,
  request: Request,
  response: Response,
  logger: Logger,
): void {
  const streamed = asStreamedBody(body);
  if (streamed === undefined) return;
  const { stream, contentType } = streamed;
  response.setHeader('content-type', contentType);
  stream.once('error', (error: unknown) => {
    const problem = toProblemError(error);
    if (problem.status >= 500) {
      logger.error(
        { requestId: getRequestId(request), code: problem.code, cause: describe(problem.cause ?? problem) },
        'streamed answer failed',
      );
    }
    // pipe() does not end the response when its source fails: answer a problem while that is
    // still possible, otherwise cut the connection so the client cannot take a part for the whole.
    if (response.headersSent) response.destroy();
    else sendProblem(request, response, problem);
  });
  response.once('close', () => {
    if (!stream.readableEnded) stream.destroy();
  });
}

function describe(cause: unknown): Record<string, unknown> {
  return cause instanceof Error ? { type: cause.name, message: cause.message } : { kind: typeof cause };
}
