/** A throwaway PostgreSQL for tests: one cluster per test process, a fresh database per caller. */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { findFreePort } from '../lifecycle/free-port.js';
import { postgresAvailability } from './postgres-availability.js';

const run = promisify(execFile);

/** A PostgreSQL database of one caller, dropped by `stop()`. */
export interface TestPostgres extends AsyncDisposable {
  /** The URL of a fresh, empty database for this caller. */
  readonly url: string;
  /** Creates another empty database and answers its URL; `stop()` drops it too. */
  createDatabase(name?: string): Promise<string>;
  /** Drops this caller's databases. The cluster stays up for other callers until the process exits. */
  stop(): Promise<void>;
}

interface Cluster {
  /** A URL to the maintenance database, for CREATE and DROP DATABASE. */
  readonly adminUrl: string;
}

let clusterStarting: Promise<Cluster> | undefined;
let adminClient: postgres.Sql | undefined;

/** Replaces the database of a (possibly multi-host) URL. */
function withDatabase(url: string, database: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (match === null) throw new Error('TEST_DATABASE_URL is not a postgres:// URL');
  return `${match[1] ?? ''}/${database}${match[2] ?? ''}`;
}

function asUser(runAsPostgres: boolean, command: string, args: string[]): [string, string[]] {
  return runAsPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function startCluster(binDirectory: string, runAsPostgres: boolean): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'tidepool-postgres-'));
  if (runAsPostgres) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const groups = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(root, Number(ids.stdout.trim()), Number(groups.stdout.trim()));
  }
  const data = join(root, 'data');
  const pgCtl = join(binDirectory, 'pg_ctl');
  await run(
    ...asUser(runAsPostgres, join(binDirectory, 'initdb'), [
      ...['-A', 'trust', '-U', 'postgres', '-D', data, '--no-sync', '-E', 'UTF8', '--locale=C'],
    ]),
  );

  const stopNow = () => {
    spawnSync(...asUser(runAsPostgres, pgCtl, ['-D', data, 'stop', '-m', 'immediate']), { stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  // A test worker may be killed without running exit handlers: a watchdog stops the cluster
  // when this process is gone.
  const [stopCommand, stopArgs] = asUser(runAsPostgres, pgCtl, ['-D', data, 'stop', '-m', 'immediate']);
  const watchdog = spawn(
    'sh',
    [
      '-c',
      'while kill -0 "$0" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$ROOT"',
      String(process.pid),
      stopCommand,
      ...stopArgs,
    ],
    { detached: true, stdio: 'ignore', env: { ...process.env, ROOT: root } },
  );
  watchdog.unref();

  // The port is free when asked but may be taken before PostgreSQL binds it: try a few.
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const settings = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    try {
      await run(
        ...asUser(runAsPostgres, pgCtl, [
          '-D',
          data,
          '-l',
          join(root, 'server.log'),
          '-w',
          '-t',
          '60',
          '-o',
          settings,
          'start',
        ]),
      );
      return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres` };
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

function cluster(): Promise<Cluster> {
  clusterStarting ??= (async () => {
    const availability = postgresAvailability();
    if (!availability.available) throw new Error(`PostgreSQL is not available: ${availability.reason}`);
    if (availability.source === 'TEST_DATABASE_URL') return { adminUrl: availability.url };
    return startCluster(availability.binDirectory, availability.runAsPostgres);
  })();
  return clusterStarting;
}

function admin(adminUrl: string): postgres.Sql {
  adminClient ??= postgres(adminUrl, { max: 2, onnotice: () => undefined, idle_timeout: 5 });
  return adminClient;
}

/**
 * A fresh PostgreSQL database for the caller: from TEST_DATABASE_URL's server when set,
 * otherwise from a throwaway cluster that this test process starts once and stops at exit.
 *
 * @example await using postgresDatabase = await startPostgres();
 */
export async function startPostgres(): Promise<TestPostgres> {
  const { adminUrl } = await cluster();
  const sql = admin(adminUrl);
  const created: string[] = [];
  const createDatabase = async (name = `test_${randomBytes(8).toString('hex')}`): Promise<string> => {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a safe database name: ${name}`);
    await sql.unsafe(`create database "${name}"`);
    created.push(name);
    return withDatabase(adminUrl, name);
  };
  const url = await createDatabase();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const name of created) await sql.unsafe(`drop database if exists "${name}" with (force)`);
    })());
  return { url, createDatabase, stop, [Symbol.asyncDispose]: stop };
}
