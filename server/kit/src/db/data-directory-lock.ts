/** One process per embedded database directory: PGlite has no locking of its own across processes. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'tidepool.lock';

/** Whether a process with this id runs (as this user or another). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the directory, or throws when a live process (this one included) holds it: two
 * PGlite instances writing one directory would corrupt it. A lock left by a dead process is
 * taken over. Returns the function that releases the lock.
 */
export function lockDataDirectory(directory: string): () => void {
  const path = join(directory, LOCK_FILE);
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => {
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(holder) && isRunning(holder)) {
      throw new Error(
        `The database directory ${directory} is in use by process ${holder}. ` +
          'An embedded database serves one process; use PostgreSQL to run several.',
      );
    }
    rmSync(path, { force: true });
  }
}
