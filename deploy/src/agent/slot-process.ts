/** A slot's child process: `node --import tsx <entry>` in its own process group, read line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const orphanGuard = fileURLToPath(new URL('./orphan-guard.ts', import.meta.url));

/** Variables of the agent's own environment that a child gets; everything else comes from its bundle. */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const;

export interface SlotProcessOptions {
  readonly entry: string;
  /** Node flags before the entry (the service definition's `nodeFlags`). */
  readonly nodeFlags?: readonly string[];
  readonly workingDirectory: string;
  /** The bundle's configuration with the chosen PORT. */
  readonly environment: Readonly<Record<string, string>>;
  /** Each line the process writes. */
  readonly onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SlotProcess {
  readonly pid: number;
  /** Resolves when the process has exited and what was left of its group was killed. */
  readonly exited: Promise<ProcessExit>;
  /** SIGTERM to the process itself, so that it shuts down gracefully while its helpers still run. */
  terminate(): void;
  /** SIGKILL to the whole process group. */
  kill(): void;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid names the process group (POSIX kill(2)).
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function readLines(child: ChildProcess, options: SlotProcessOptions): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (source === null) continue;
    createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
      options.onLine(stream, line);
    });
  }
}

/** Spawns the process; throws when it cannot be spawned at all. */
export function spawnSlotProcess(options: SlotProcessOptions): SlotProcess {
  const environment: Record<string, string> = {};
  for (const name of INHERITED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) environment[name] = value;
  }
  Object.assign(environment, options.environment, { SHIO_AGENT_PID: String(process.pid) });
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      '--conditions=tidepool-source',
      '--import',
      'tsx',
      '--import',
      orphanGuard,
      options.entry,
    ],
    {
      cwd: options.workingDirectory,
      env: environment,
      // Its own process group (setsid): a stop reaches its whole tree, and a Ctrl-C in the
      // agent's terminal does not reach it before the agent decides the order of stopping.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // A failed spawn also emits `error`; without a listener it would end the agent.
  child.on('error', () => undefined);
  const { pid } = child;
  if (pid === undefined) throw new Error(`Could not start ${options.entry}.`);
  readLines(child, options);
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      // Helpers it started (and did not stop) go with it.
      signalGroup(pid, 'SIGKILL');
      resolve({ code, signal });
    });
  });
  return {
    pid,
    exited,
    terminate: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
    kill: () => {
      signalGroup(pid, 'SIGKILL');
    },
  };
}
