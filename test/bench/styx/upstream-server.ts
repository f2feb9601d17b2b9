/** The benchmark's upstream: a tiny node:http server in its own process, answering a small JSON body. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({
  userid: '0123456789',
  type: 'cbg',
  units: 'mmol/L',
  value: 5.5,
  time: '2024-01-01T00:00:00Z',
});

const server = createServer((request, response) => {
  // Bodies are read and dropped, so that the benchmark can also send uploads.
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});
// Longer than every proxy's own idle timeout, so that no pooled connection is closed under it.
server.keepAliveTimeout = 120_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
