/** Test upstreams: real node:http servers on loopback that record what reached them. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listen } from '../lifecycle/listen.js';

/** A request as an upstream saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaderNames: readonly string[];
  readonly body: string;
}

export interface TestUpstream extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Every request that arrived in full, in order. */
  readonly requests: RecordedRequest[];
  /** Stops listening and closes its connections gracefully. */
  close(): Promise<void>;
  /** Dies like a killed process: stops listening and cuts every connection at once. */
  kill(): Promise<void>;
}

/**
 * How a test upstream answers; by default it echoes what it saw as JSON. It is called as soon
 * as the request's headers arrive; `body` resolves when the whole body has.
 */
export type UpstreamBehaviour = (
  request: IncomingMessage,
  response: ServerResponse,
  name: string,
  body: Promise<string>,
) => void;

/** Answers 200 with `{ upstream, method, url, headers, body }` once the body is in. */
export const echo: UpstreamBehaviour = (request, response, name, body) => {
  void body.then((text) => {
    const answer = JSON.stringify({
      upstream: name,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: text,
    });
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(answer),
    });
    response.end(answer);
  });
};

/**
 * Starts an upstream on 127.0.0.1 with a port of its own.
 *
 * @example await using upstream = await startTestUpstream('a');
 */
export async function startTestUpstream(
  name: string,
  behaviour: UpstreamBehaviour = echo,
): Promise<TestUpstream> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    const body = new Promise<string>((resolve) => {
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        requests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          rawHeaderNames: request.rawHeaders.filter((_, index) => index % 2 === 0),
          body: text,
        });
        resolve(text);
      });
    });
    behaviour(request, response, name, body);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const url = await listen(server, '127.0.0.1', 0);
  let closed: Promise<void> | undefined;
  const stop = (cut: boolean): Promise<void> =>
    (closed ??= new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      if (cut) for (const socket of sockets) socket.destroy();
      else server.closeIdleConnections();
    }));
  return {
    name,
    url,
    port: Number(new URL(url).port),
    requests,
    close: () => stop(false),
    kill: () => stop(true),
    [Symbol.asyncDispose]: () => stop(true),
  };
}
