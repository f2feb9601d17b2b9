/** Listening and closing gracefully: stop accepting, let requests finish, close idle sockets. */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer extends AsyncDisposable {
  /** `http://host:port`, with the port the system chose when 0 was asked. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `timeoutMilliseconds`
   * (then cuts the remaining connections) and closes idle keep-alive sockets. Idempotent.
   */
  close(timeoutMilliseconds?: number): Promise<void>;
}

export interface StartServerOptions {
  readonly host: string;
  readonly port: number;
  /** The default of `close()`. */
  readonly shutdownTimeoutMilliseconds?: number;
}

/**
 * Serves an Express app (or any request listener) on host and port.
 *
 * @example await using server = await startServer(app, { host: '127.0.0.1', port: 0 });
 */
export async function startServer(app: RequestListener, options: StartServerOptions): Promise<RunningServer> {
  const server = createServer(app);
  const answering = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;

  server.on('request', (_request, response: ServerResponse) => {
    answering.add(response);
    // While closing, every answer ends its connection (RFC 9112 §9.6) instead of keeping it alive.
    if (closing !== undefined) response.setHeader('Connection', 'close');
    response.once('close', () => {
      answering.delete(response);
      if (closing !== undefined) {
        setImmediate(() => {
          server.closeIdleConnections();
        });
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  function close(timeoutMilliseconds = options.shutdownTimeoutMilliseconds ?? 10_000): Promise<void> {
    closing ??= new Promise<void>((resolve, reject) => {
      for (const response of answering) {
        if (!response.headersSent) response.setHeader('Connection', 'close');
      }
      const timer = setTimeout(() => {
        server.closeAllConnections();
      }, timeoutMilliseconds);
      server.close((error) => {
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      });
      server.closeIdleConnections();
    });
    return closing;
  }

  return { url: `http://${host}:${port}`, port, server, close, [Symbol.asyncDispose]: () => close() };
}
