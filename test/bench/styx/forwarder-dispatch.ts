/**
 * The floor of styx's own libraries: node:http's server and undici's `dispatch` (the API styx
 * forwards with) and nothing else — no rules, log, metrics, request id, forwarded headers,
 * retries or choice of instance. What it reaches is about the most styx could reach on this
 * machine; styx ÷ this is what styx's features cost.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, util, type Dispatcher } from 'undici';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade']);
const pool = new Pool(process.argv[2] ?? '', { connections: 256 });

class Relay implements Dispatcher.DispatchHandler {
  constructor(private readonly response: ServerResponse) {}

  onConnect(): void {}

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    const headers: string[] = [];
    for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
      const name = util.headerNameToString(rawHeaders[index] as Buffer);
      if (!HOP_BY_HOP.has(name)) headers.push(name, (rawHeaders[index + 1] as Buffer).toString('latin1'));
    }
    this.response.writeHead(statusCode, headers);
    this.response.on('drain', resume);
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.response.write(chunk);
  }

  onComplete(): void {
    this.response.end();
  }

  onError(): void {
    if (this.response.headersSent) this.response.destroy();
    else this.response.writeHead(502).end();
  }
}

function forward(request: IncomingMessage, response: ServerResponse): void {
  const headers: string[] = [];
  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const name = (raw[index] as string).toLowerCase();
    if (name !== 'host' && !HOP_BY_HOP.has(name)) headers.push(name, raw[index + 1] as string);
  }
  const hasBody =
    request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
  pool.dispatch(
    { path: request.url ?? '/', method: request.method ?? 'GET', headers, body: hasBody ? request : null },
    new Relay(response),
  );
}

const server = createServer(forward);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
