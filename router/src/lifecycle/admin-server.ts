/** The admin listener: `/metrics` and the detailed `/status`, on the private interface only. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '@tidepool/spec';
import { chooseRequestId } from '../forwarding/exchange.js';
import { sendProblem } from '../http/problem-answer.js';
import { listen } from './listen.js';

export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

/** What the admin listener serves; in a cluster, the primary gathers both from its workers. */
export interface AdminContent {
  /** Prometheus text exposition and its content type. */
  metrics(): Promise<{ readonly contentType: string; readonly text: string }>;
  /** The detailed status, as JSON. */
  status(): Promise<unknown>;
}

/** Answers with what `produce` makes, or 500 when it fails, synchronously or not: never a hang. */
function serve(
  response: ServerResponse,
  produce: () => Promise<{ contentType: string; text: string }>,
): void {
  Promise.resolve()
    .then(produce)
    .then(
      ({ contentType, text }) => {
        response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        response.end(text);
      },
      () => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('failed\n');
      },
    );
}

/**
 * Serves `GET /metrics` (Prometheus text format) and `GET /status` (every target and instance).
 * It binds to 127.0.0.1 by default: instance addresses and metrics are not for the internet,
 * which reaches styx's public port only.
 */
export async function startAdminServer(
  host: string,
  port: number,
  content: AdminContent,
): Promise<AdminServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'GET' && path === '/metrics') {
      serve(response, () => content.metrics());
      return;
    }
    if (request.method === 'GET' && path === '/status') {
      serve(response, () =>
        content
          .status()
          .then((status) => ({ contentType: 'application/json', text: JSON.stringify(status) })),
      );
      return;
    }
    sendProblem(
      response,
      { code: 'NOT_FOUND', detail: 'The admin listener serves GET /metrics and GET /status.' },
      { requestId: chooseRequestId(request.headers[REQUEST_ID_HEADER]), instance: path },
    );
  });
  const url = await listen(server, host, port);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
