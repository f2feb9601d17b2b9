/** A service that hashes through a hashing process, prints the child's process id, and runs until killed. */
import { startHashingProcess } from '../src/passwords/hashing-process.js';

const hashing = startHashingProcess({ niceness: 10 });
await hashing.kdf('start', { logN: 4, r: 1, p: 1 });
process.stdout.write(`${String(hashing.pid)}\n`);
// What a service does on SIGTERM: it goes on until it is done (here, never).
process.on('SIGTERM', () => undefined);
setInterval(() => undefined, 60_000);
