/** A free TCP port, for a child process that must be told its port (a shio slot, a throwaway PostgreSQL). */
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
