/** Processes of the styx benchmark: each contender in its own process, on loopback, started and stopped here. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

/** A process serving HTTP on a loopback port. */
export interface ServingProcess {
  readonly name: string;
  readonly url: string;
  /** The process started; its children (nginx's worker, styx's cluster workers) count with it in `cpuSeconds`. */
  readonly pid: number;
  stop(): Promise<void>;
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The last lines a process wrote, for an error that says why it stopped. */
const OUTPUT_TAIL_CHARACTERS = 2000;

/** Waits until something accepts connections on the port; when the process ends first, the error quotes its output. */
async function waitForPort(
  port: number,
  child: ChildProcess,
  name: string,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `${name} exited with ${child.exitCode} before listening; its last output:\n${output()}`,
      );
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${name} did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export interface StartOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly port: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Where the process's output goes (its access log, for example); discarded when absent. */
  readonly logFile?: string;
  readonly stopSignal?: NodeJS.Signals;
}

/** Starts a process that listens on `port` and waits until it does. */
export async function startServing(options: StartOptions): Promise<ServingProcess> {
  const { logFile } = options;
  const output = logFile === undefined ? 'pipe' : openSync(logFile, 'a');
  const child = spawn(options.command, [...options.args], {
    cwd: REPOSITORY,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', output, output],
  });
  if (typeof output === 'number') closeSync(output);
  let piped = '';
  const keepTail = (chunk: Buffer): void => {
    piped = (piped + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARACTERS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  const tail = (): string =>
    logFile === undefined ? piped : readFileSync(logFile, 'utf8').slice(-OUTPUT_TAIL_CHARACTERS);
  try {
    await waitForPort(options.port, child, options.name, tail);
  } catch (error) {
    await stopChild(child, 'SIGKILL');
    throw error;
  }
  return {
    name: options.name,
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid ?? 0,
    stop: () => stopChild(child, options.stopSignal),
  };
}

/** Runs a Node script of the repository with TypeScript support; resolves with its standard output. */
export function runScript(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=tidepool-source', '--import', 'tsx', script, ...args],
      {
        cwd: REPOSITORY,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${script} exited with ${String(code)}`));
    });
  });
}

/** Arguments that run a TypeScript file of the repository with Node. */
export function nodeScript(script: string, ...args: string[]): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ['--conditions=tidepool-source', '--import', 'tsx', script, ...args],
  };
}

/** Clock ticks per second of /proc's CPU times (100 on Linux unless configured otherwise). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The process's children, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((thread) =>
      readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * CPU seconds (user and system) used so far by a process and its descendants, from /proc
 * (Linux). Unlike throughput, CPU time per request hardly changes when other work shares the
 * machine, so it tells contenders apart on a busy one.
 */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks = Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
  return ticks / CLOCK_TICKS + childrenOf(pid).reduce((sum, child) => sum + cpuSeconds(child), 0);
}
