/** How a child process ended, for the tests of processes that must stop. */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * The exit of `child`, or `'still running'` when it has not exited within `milliseconds` (it is
 * then killed, so that a process that hangs fails its test instead of outliving it). Call it
 * before the child can exit: an exit already past is not seen.
 */
export function exitWithin(
  child: ChildProcess,
  milliseconds: number,
): Promise<ProcessExit | 'still running'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running');
    }, milliseconds);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** Whether a process exists and is not a zombie waiting to be reaped (Linux's `/proc`). */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
