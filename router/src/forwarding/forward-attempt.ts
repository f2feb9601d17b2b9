/** One attempt to forward a request to one instance: an undici dispatch handler that streams the answer back. */
import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { REQUEST_ID_HEADER } from '@tidepool/spec';
import { endToEndResponseHeaders } from '../http/hop-by-hop.js';

/** How an attempt ended. */
export type AttemptResult =
  /** The instance answered and its answer went to the client; `complete` is false when it broke midway. */
  | { readonly kind: 'answered'; readonly status: number; readonly complete: boolean }
  /** Nothing reached the client: styx may try elsewhere or answer with a problem. */
  | { readonly kind: 'failed'; readonly error: Error };

/** What the attempt needs to know about the request it belongs to. */
export interface AttemptContext {
  readonly requestId: string;
  /** The CORS headers of the rule for this request's origin; when set, the upstream's own are dropped. */
  readonly corsHeaders: Readonly<Record<string, string>> | undefined;
}

/** Response headers styx sets itself. */
const SET_BY_STYX: ReadonlySet<string> = new Set([REQUEST_ID_HEADER]);

/** Adds the CORS headers of the rule; `Vary` is merged with the upstream's, not replaced. */
function addCorsHeaders(headers: string[], cors: Readonly<Record<string, string>>): void {
  for (const name in cors) {
    const value = cors[name] as string;
    const vary = name === 'vary' ? headers.indexOf('vary') : -1;
    if (vary !== -1 && vary % 2 === 0) headers[vary + 1] = `${headers[vary + 1] ?? ''}, ${value}`;
    else headers.push(name, value);
  }
}

function isEventStream(headers: readonly string[]): boolean {
  const index = headers.indexOf('content-type');
  return index !== -1 && index % 2 === 0 && (headers[index + 1] ?? '').startsWith('text/event-stream');
}

/**
 * Relays the upstream answer as it arrives, with backpressure both ways: when the client
 * reads slowly, the upstream connection is paused, so memory stays bounded whatever the size
 * of the answer. Server-sent events go out chunk by chunk, headers flushed at once.
 *
 * It implements undici's raw handler interface (`onHeaders`, `onData`, …), which hands over
 * the header buffers as they came: no header object is built only to be taken apart again.
 */
export class ForwardAttempt implements Dispatcher.DispatchHandler {
  private abortUpstream: ((error?: Error) => void) | undefined;
  private resumeUpstream: (() => void) | undefined;
  private started = false;
  private status = 0;
  private settled = false;
  private readonly response: ServerResponse;
  private readonly context: AttemptContext;
  private readonly settle: (result: AttemptResult) => void;
  /** Made on the first backpressure only: most answers fit in the socket's buffer. */
  private onDrain: (() => void) | undefined;

  constructor(response: ServerResponse, context: AttemptContext, settle: (result: AttemptResult) => void) {
    this.response = response;
    this.context = context;
    this.settle = settle;
  }

  /** Stops the attempt, for example because the client went away. */
  abort(reason: Error): void {
    this.abortUpstream?.(reason);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortUpstream = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx answers are for styx's connection only; the client gets its own from styx's server.
    if (statusCode < 200) return true;
    this.started = true;
    this.status = statusCode;
    this.resumeUpstream = resume;
    const cors = this.context.corsHeaders;
    const headers = endToEndResponseHeaders(rawHeaders, SET_BY_STYX, cors !== undefined);
    if (cors !== undefined) addCorsHeaders(headers, cors);
    headers.push(REQUEST_ID_HEADER, this.context.requestId);
    // The reason phrase is informational (RFC 9112 §4); Node writes the standard one.
    this.response.writeHead(statusCode, headers);
    if (isEventStream(headers)) this.response.flushHeaders();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.response.write(chunk)) return true;
    this.onDrain ??= () => {
      this.resumeUpstream?.();
    };
    this.response.once('drain', this.onDrain);
    return false;
  }

  onComplete(): void {
    this.response.end();
    this.finish({ kind: 'answered', status: this.status, complete: true });
  }

  onError(error: Error): void {
    if (!this.started) {
      this.finish({ kind: 'failed', error });
      return;
    }
    // The status line is gone already: cutting the connection is the only way left to say
    // that the answer is incomplete (RFC 9112 §8 — a client sees the message as truncated).
    this.response.destroy();
    this.finish({ kind: 'answered', status: this.status, complete: false });
  }

  private finish(result: AttemptResult): void {
    if (this.settled) return;
    this.settled = true;
    if (this.onDrain !== undefined) this.response.off('drain', this.onDrain);
    this.settle(result);
  }
}
