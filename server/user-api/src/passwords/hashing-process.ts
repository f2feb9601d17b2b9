/**
 * Password hashing in a child process of lower CPU priority. A login's scrypt takes every core
 * it can for a third of a second: run in the service's own threadpool, a storm of logins
 * halved the CPU the event loop got, and `GET /user` waited twice as long. Niced, the hashes
 * still take every core nobody else wants, and the requests that need none go first.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Scrypt } from './scrypt-kdf.js';
import type { ScryptParameters } from './scrypt-parameters.js';

/** What the password hasher needs of scrypt-kdf. */
export interface ScryptWork {
  kdf(password: string, parameters: ScryptParameters): Promise<Uint8Array>;
  verify(key: Uint8Array, password: string): Promise<boolean>;
}

/** scrypt-kdf in the service's own process (its threadpool). */
export const inProcessScrypt: ScryptWork = {
  kdf: (password, parameters) => Scrypt.kdf(password, parameters),
  verify: (key, password) => Scrypt.verify(key, password),
};

/** The hashing process could not answer (it died, or was closed): not a verdict on the password. */
export class HashingProcessError extends Error {
  override readonly name = 'HashingProcessError';
}

type Work =
  | { readonly operation: 'kdf'; readonly password: string; readonly parameters: ScryptParameters }
  | { readonly operation: 'verify'; readonly key: string; readonly password: string };

/** What the service asks the child, numbered so that answers can come in any order. */
export type HashingRequest = Work & { readonly id: number };

export type HashingAnswer =
  | { readonly id: number; readonly key: string }
  | { readonly id: number; readonly matches: boolean }
  | { readonly id: number; readonly error: string };

export interface HashingProcess extends ScryptWork {
  /** The child's process id once started (it starts at the first request, and again after it died). */
  readonly pid: number | undefined;
  /** Ends the child; requests still waiting fail. */
  close(): Promise<void>;
}

interface Waiting {
  readonly resolve: (answer: HashingAnswer) => void;
  readonly reject: (error: Error) => void;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./hashing-child.ts', import.meta.url));
/** The child is TypeScript, run as the service is run: through tsx's loader. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CLOSE_TIMEOUT_MILLISECONDS = 5000;

/**
 * Starts hashing in a child process of `niceness` (1–19). A child that dies fails the requests
 * it held, and the next request starts another.
 *
 * @example
 * const scrypt = startHashingProcess({ niceness: 10 });
 * const hasher = createPasswordHasher({ parameters, concurrency: 2, scrypt });
 */
export function startHashingProcess(options: { readonly niceness: number }): HashingProcess {
  let child: { readonly process: ChildProcess; readonly waiting: Map<number, Waiting> } | undefined;
  let nextId = 0;
  let closed = false;

  function start() {
    const started = fork(CHILD_SCRIPT, [String(options.niceness)], {
      execArgv: ['--import', TSX],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const waiting = new Map<number, Waiting>();
    const current = { process: started, waiting };
    started.on('message', (answer: HashingAnswer) => {
      waiting.get(answer.id)?.resolve(answer);
      waiting.delete(answer.id);
      if (waiting.size === 0) started.channel?.unref();
    });
    // An error event (the child could not be started) is followed by exit.
    started.on('error', () => undefined);
    started.on('exit', (code, signal) => {
      if (child === current) child = undefined;
      const reason = new HashingProcessError(
        `the password hashing process ended (${signal ?? String(code)})`,
      );
      for (const request of waiting.values()) request.reject(reason);
      waiting.clear();
    });
    // An idle child keeps nothing alive: the service decides when it ends.
    started.unref();
    started.channel?.unref();
    return current;
  }

  function ask(request: Work): Promise<HashingAnswer> {
    if (closed) return Promise.reject(new HashingProcessError('the password hashing process is closed'));
    child ??= start();
    const { process: target, waiting } = child;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      target.channel?.ref();
      target.send({ ...request, id }, (error) => {
        if (error === null || !waiting.has(id)) return;
        waiting.delete(id);
        reject(new HashingProcessError('the password hashing process took no request', { cause: error }));
      });
    });
  }

  function unwrap(answer: HashingAnswer): HashingAnswer {
    if ('error' in answer) throw new Error(answer.error);
    return answer;
  }

  return {
    get pid() {
      return child?.process.pid;
    },
    async kdf(password, parameters) {
      const answer = unwrap(await ask({ operation: 'kdf', password, parameters }));
      if (!('key' in answer))
        throw new HashingProcessError('the password hashing process answered without a key');
      return Buffer.from(answer.key, 'base64');
    },
    async verify(key, password) {
      const answer = unwrap(
        await ask({ operation: 'verify', key: Buffer.from(key).toString('base64'), password }),
      );
      if (!('matches' in answer))
        throw new HashingProcessError('the password hashing process answered without a verdict');
      return answer.matches;
    },
    async close() {
      closed = true;
      const current = child?.process;
      if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) =>
        current.once('exit', () => {
          resolve();
        }),
      );
      current.disconnect();
      const timer = setTimeout(() => current.kill('SIGKILL'), CLOSE_TIMEOUT_MILLISECONDS);
      await exited;
      clearTimeout(timer);
    },
  };
}
