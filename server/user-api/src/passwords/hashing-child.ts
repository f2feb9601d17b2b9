/**
 * The process that hashes passwords for user-api (`hashing-process.ts`), at a lower CPU
 * priority than the service. Its argument is the niceness; it answers each request on the IPC
 * channel and ends when the channel closes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { Scrypt } from './scrypt-kdf.js';
import type { HashingAnswer, HashingRequest } from './hashing-process.js';

/**
 * Sets the niceness of this process, never below what it inherited (raising a priority needs
 * privileges). Linux keeps one per thread: the threads Node started before this line (libuv's
 * threadpool among them, where scrypt runs, which the module loader already used) are set one
 * by one; threads started later take the niceness of the thread that starts them.
 */
function lowerPriority(niceness: number): void {
  const target = Math.max(getPriority(), niceness);
  setPriority(target);
  if (!existsSync('/proc/self/task')) return;
  for (const thread of readdirSync('/proc/self/task')) {
    try {
      setPriority(Number(thread), target);
    } catch {
      // The thread ended since the folder was read.
    }
  }
}

lowerPriority(Number(process.argv[2] ?? '10'));

async function answer(request: HashingRequest): Promise<HashingAnswer> {
  try {
    if (request.operation === 'kdf') {
      const key = await Scrypt.kdf(request.password, request.parameters);
      return { id: request.id, key: Buffer.from(key).toString('base64') };
    }
    return {
      id: request.id,
      matches: await Scrypt.verify(Buffer.from(request.key, 'base64'), request.password),
    };
  } catch (error) {
    // scrypt-kdf's messages name parameters and formats, never the password.
    return { id: request.id, error: error instanceof Error ? error.message : 'hashing failed' };
  }
}

process.on('message', (request: HashingRequest) => {
  void answer(request).then((reply) => process.send?.(reply));
});
// The service may still need hashes while it drains after SIGTERM: it ends this process by
// closing the channel, and so does its own death.
process.on('disconnect', () => process.exit(0));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => undefined);
