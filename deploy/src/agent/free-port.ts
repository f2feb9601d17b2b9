/** A free TCP port for a slot whose bundle leaves PORT to the agent: the child must know its port to report it. */
import { createServer } from 'node:net';

/** Asks the system for a free port on `host` and releases it; a child that loses the race crashes and is restarted. */
export function findFreePort(host: string): Promise<number> {
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
