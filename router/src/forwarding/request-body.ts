/** The request body on its way upstream: none, buffered (small, so it can be sent again) or streamed and counted. */
import type { IncomingMessage } from 'node:http';

/** Thrown when a body grows past the limit while it is read or streamed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes.`);
    this.limitBytes = limitBytes;
  }
}

/** Bodies up to this size, of idempotent requests, are read first so that a retry can send them again. */
export const REPLAYABLE_BODY_BYTES = 64 * 1024;

/** Whether the request has a body at all (RFC 9112 §6.3): a Content-Length above 0 or a Transfer-Encoding. */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}

/** The declared Content-Length, or `undefined` when absent (chunked) or not a plain number. */
export function declaredLength(request: IncomingMessage): number | undefined {
  const length = request.headers['content-length'];
  if (length === undefined || !/^\d{1,15}$/.test(length)) return undefined;
  return Number(length);
}

/**
 * The request's chunks. Leaving the loop early must not destroy the request, as the default
 * iterator would: that would cut the client's connection before styx can answer 413 or 502.
 */
function chunksOf(request: IncomingMessage): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]: () => request.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>,
  };
}

/** Reads a whole (small) body, refusing it once it passes `limitBytes`. */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunksOf(request)) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

/**
 * A body streamed upstream as it arrives, never held whole. It counts what passes and fails
 * the upstream request with `BodyTooLargeError` past the limit, and it remembers whether the
 * upstream client started reading it: a body never read can still go to another instance.
 */
export class StreamedBody {
  /** True once the upstream client pulled the first chunk; the body cannot be sent twice after that. */
  started = false;
  private readonly request: IncomingMessage;
  private readonly limitBytes: number;
  /** Bytes read so far, sent upstream or thrown away. */
  private size = 0;

  constructor(request: IncomingMessage, limitBytes: number) {
    this.request = request;
    this.limitBytes = limitBytes;
  }

  /** The body as undici reads it; one per attempt, and only an attempt that was never started may be followed by another. */
  async *chunks(): AsyncGenerator<Buffer> {
    this.started = true;
    for await (const chunk of chunksOf(this.request)) {
      this.size += chunk.length;
      if (this.size > this.limitBytes) throw new BodyTooLargeError(this.limitBytes);
      yield chunk;
    }
  }

  /**
   * Reads what is left of a body the upstream answered without reading whole (an early 415 or
   * 401, say) and throws it away. Node's server reads an unread body to its end itself, but not
   * one whose reading began: its connection would stay paused and the client's next request on
   * it would never be read. Past the body limit the connection is closed instead.
   */
  discardRest(): void {
    const request = this.request;
    if (!this.started || request.readableEnded || request.destroyed) return;
    request.on('data', (chunk: Buffer) => {
      this.size += chunk.length;
      if (this.size > this.limitBytes) request.socket.destroy();
    });
    request.resume();
  }
}
