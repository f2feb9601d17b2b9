/** A plain Node forwarder on http-proxy with a keep-alive agent: the first baseline styx must beat. */
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';

const target = process.argv[2] ?? '';
const proxy = httpProxy.createProxyServer({
  target,
  agent: new Agent({ keepAlive: true, maxSockets: 256 }),
  xfwd: true,
});
proxy.on('error', (_error, _request, response) => {
  if ('writeHead' in response && !response.headersSent) response.writeHead(502);
  response.end();
});
const server = createServer((request, response) => {
  proxy.web(request, response);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
