/** A coordinator run as its own process (`discovery/src/main.ts`), so that a test can kill it for real. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const mainFile = join(repositoryRoot, 'discovery', 'src', 'main.ts');

export interface CoordinatorProcessOptions {
  readonly port: number;
  readonly peers: readonly string[];
  readonly serverSecret: string;
  readonly heartbeatIntervalMs: number;
  readonly allowedMisses: number;
}

export interface CoordinatorProcess {
  /** `host:port`. */
  readonly host: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** SIGKILL: no goodbye, its connections drop as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM, and waits for the exit code. */
  stop(): Promise<number | null>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
}

/** Starts `main.ts` on the given port and resolves once it answers `/status`. */
export async function startCoordinatorProcess(
  options: CoordinatorProcessOptions,
): Promise<CoordinatorProcess> {
  const host = `127.0.0.1:${options.port}`;
  const url = `http://${host}`;
  const child = spawn(process.execPath, ['--conditions=tidepool-source', '--import', 'tsx', mainFile], {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      HAKKEN_PEERS: options.peers.join(','),
      HAKKEN_HEARTBEAT_INTERVAL_MS: String(options.heartbeatIntervalMs),
      HAKKEN_ALLOWED_MISSES: String(options.allowedMisses),
      SERVER_SECRET: options.serverSecret,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const status = { up: false };
  const poll = setInterval(() => {
    fetch(`${url}/status`).then(
      (response) => {
        status.up ||= response.status === 200;
      },
      () => undefined,
    );
  }, 50);
  try {
    await waitFor(`the coordinator at ${host} to start`, () => status.up || child.exitCode !== null, 30_000);
  } finally {
    clearInterval(poll);
  }
  if (!status.up) throw new Error(`The coordinator at ${host} exited with ${String(child.exitCode)}.`);
  return {
    host,
    url,
    process: child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: () => {
      child.kill('SIGTERM');
      return exited(child);
    },
  };
}
