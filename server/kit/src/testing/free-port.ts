/** A free TCP port on the loopback interface, for a child process that cannot listen on port 0. */
import { createServer } from 'node:net';

/** Asks the system for a free port and releases it; another process could take it meanwhile, so callers retry. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port was assigned'));
      });
    });
  });
}
