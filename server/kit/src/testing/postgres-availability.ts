/** Whether a PostgreSQL server can be had for tests, and which backends a suite runs on (DESIGN.md §10). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';

export type PostgresAvailability =
  | { readonly available: true; readonly source: 'TEST_DATABASE_URL'; readonly url: string }
  | {
      readonly available: true;
      readonly source: 'binaries';
      readonly binDirectory: string;
      readonly runAsPostgres: boolean;
    }
  | { readonly available: false; readonly reason: string };

/** Where Debian's packages install PostgreSQL, one folder per major version. */
export const POSTGRESQL_ROOT = '/usr/lib/postgresql';

/** The `bin` folder of the newest PostgreSQL installed from Debian's packages, if any. */
function findBinDirectory(root: string): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/**
 * Where a test PostgreSQL comes from: `TEST_DATABASE_URL` when set, otherwise a throwaway
 * cluster from the binaries (run as the `postgres` user when we are root, since PostgreSQL
 * refuses to run as root).
 */
export function postgresAvailability(
  env: NodeJS.ProcessEnv = process.env,
  root = POSTGRESQL_ROOT,
): PostgresAvailability {
  const url = env.TEST_DATABASE_URL;
  if (url !== undefined && url !== '') return { available: true, source: 'TEST_DATABASE_URL', url };
  const binDirectory = findBinDirectory(root);
  if (binDirectory === undefined) {
    return { available: false, reason: `no initdb and pg_ctl under ${root}/*/bin and no TEST_DATABASE_URL` };
  }
  const runAsPostgres = userInfo().uid === 0;
  if (runAsPostgres && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) {
    return { available: false, reason: 'running as root without runuser to start PostgreSQL as postgres' };
  }
  return { available: true, source: 'binaries', binDirectory, runAsPostgres };
}

/** The backends a database suite runs on. */
export type DatabaseBackend = 'pglite' | 'postgres';

/**
 * Always PGlite; PostgreSQL too when it can be had. Under CI=true a missing PostgreSQL is an
 * error, not a silent skip: CI must run every suite on both.
 *
 * @example describe.each(databaseBackends())('users repository on %s', (backend) => { … });
 */
export function databaseBackends(
  env: NodeJS.ProcessEnv = process.env,
  root = POSTGRESQL_ROOT,
): DatabaseBackend[] {
  const availability = postgresAvailability(env, root);
  if (availability.available) return ['pglite', 'postgres'];
  if (env.CI === 'true') {
    throw new Error(`PostgreSQL is required when CI=true, but ${availability.reason}.`);
  }
  return ['pglite'];
}
