/**
 * A postgres.js client that follows the writable primary among the hosts of a (multi-host)
 * URL, and answers "unavailable" at once while there is none (docs/postgresql-replicas.md).
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Logger } from 'pino';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.js';
import { describePostgresUrl, postgresHosts, type PostgresHost } from './postgres-hosts.js';

type PoolOptions = postgres.Options<Record<string, postgres.PostgresType>>;

export interface FailoverClientOptions {
  /** A PostgreSQL URL with one host or several (`host1:port1,host2:port2`), tried in order. */
  readonly url: string;
  /** postgres.js options of every pool (application name, search path, …). */
  readonly poolOptions: PoolOptions;
  readonly logger: Logger;
  /** The pause between two rounds over the hosts while none is a writable primary. */
  readonly searchIntervalMilliseconds?: number;
}

export interface FailoverClient {
  /**
   * What Drizzle is given: `unsafe`, `begin` and `reserve` go to the pool of the current
   * primary; without one they fail at once with `DatabaseUnavailableError`.
   */
  readonly client: postgres.Sql;
  close(): Promise<void>;
}

/** How long a pool that lost its primary lets its healthy queries finish before it is destroyed. */
const DRAIN_SECONDS = 2;
/** A probe gives up on a host that does not answer within this (a crashed machine drops packets). */
const PROBE_CONNECT_SECONDS = 5;

/**
 * Opens a client on the first host of `url` that is a writable primary.
 *
 * Why not postgres.js's own multi-host support: in 3.4.9 a query that waits for a connection
 * while no host is primary loops over the hosts forever (a hung request), and a connection that
 * saw ECONNRESET keeps its failed query and hangs the next ones (porsager/postgres#1130). So each
 * pool here talks to one host; when a query fails in a way `isDatabaseUnavailable` recognizes
 * (refused or lost connection, shutdown, read-only standby), the pool is dropped whole, queries
 * fail with `DatabaseUnavailableError` (a 503) and the hosts are probed in order until one is a
 * writable primary, which gets a fresh pool. No restart is needed.
 */
export async function createFailoverClient(options: FailoverClientOptions): Promise<FailoverClient> {
  const { url, logger } = options;
  const location = describePostgresUrl(url);
  const listed = postgresHosts(url);
  // No host in the URL: postgres.js reads the query string or PGHOST; there is one "host".
  const hosts: readonly (PostgresHost | undefined)[] = listed.length === 0 ? [undefined] : listed;
  const interval = options.searchIntervalMilliseconds ?? 250;
  const hostOptions = (host: PostgresHost | undefined) =>
    host === undefined ? {} : { host: host.host, port: host.port };

  let current: postgres.Sql | undefined;
  let searching: Promise<void> | undefined;
  let closed = false;

  async function isWritablePrimary(host: PostgresHost | undefined): Promise<boolean> {
    const probe = postgres(url, {
      ...options.poolOptions,
      ...hostOptions(host),
      max: 1,
      connect_timeout: PROBE_CONNECT_SECONDS,
      fetch_types: false,
    });
    try {
      const [state] = await probe.unsafe<{ recovering: boolean; read_only: string }[]>(
        "select pg_is_in_recovery() as recovering, current_setting('transaction_read_only') as read_only",
      );
      return state?.recovering === false && state.read_only === 'off';
    } catch {
      return false;
    } finally {
      await probe.end({ timeout: 0 });
    }
  }

  async function findPrimary(): Promise<{ host: PostgresHost | undefined } | undefined> {
    for (const host of hosts) {
      if (await isWritablePrimary(host)) return { host };
    }
    return undefined;
  }

  function openPool(host: PostgresHost | undefined): postgres.Sql {
    // fetch_types off: postgres.js fetches array types on each new connection with an internal
    // query whose failure (the primary dying meanwhile) is an unhandled rejection that ends the
    // process. Drizzle parses array columns itself; only raw SQL would see arrays as text.
    const pool = postgres(url, { ...options.poolOptions, ...hostOptions(host), fetch_types: false });
    // Drizzle sets its type parsers on the client it is given; a fresh pool needs the same.
    drizzle({ client: pool });
    return pool;
  }

  function search(): void {
    searching ??= (async () => {
      while (!closed) {
        const found = await findPrimary();
        if (found !== undefined) {
          current = openPool(found.host);
          logger.info({ location, host: found.host ?? 'default' }, 'database primary found');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    })()
      .catch((error: unknown) => {
        // Not expected (probes catch their failures); never let the search crash the process.
        logger.error(
          { location, reason: error instanceof Error ? error.message : String(error) },
          'database search failed',
        );
      })
      .finally(() => {
        searching = undefined;
      });
  }

  /** A failure of a query on `pool`: when it means the primary is gone, drop the pool and search. */
  function noticeFailure(pool: postgres.Sql, error: unknown): void {
    if (pool !== current || !isDatabaseUnavailable(error)) return;
    current = undefined;
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    logger.warn({ location, code }, 'database primary lost; looking for a writable primary');
    pool.end({ timeout: DRAIN_SECONDS }).catch(() => undefined);
    search();
  }

  /** Watches a query's outcome without starting it (a postgres.js query runs when awaited). */
  function watch(pool: postgres.Sql, pending: PromiseLike<unknown>): void {
    void Promise.prototype.then.call(pending, undefined, (error: unknown) => {
      noticeFailure(pool, error);
    });
  }

  function requirePool(): postgres.Sql {
    if (current === undefined) throw new DatabaseUnavailableError();
    return current;
  }

  const first = await findPrimary();
  if (first === undefined)
    throw new DatabaseUnavailableError(`No writable PostgreSQL primary at ${location}.`);
  current = openPool(first.host);

  const client = {
    get options() {
      return requirePool().options;
    },
    unsafe(...args: Parameters<postgres.Sql['unsafe']>) {
      const pool = requirePool();
      const query = pool.unsafe(...args);
      watch(pool, query);
      return query;
    },
    begin(...args: unknown[]) {
      if (current === undefined) return Promise.reject(new DatabaseUnavailableError());
      const pool = current;
      const callback = args.at(-1);
      if (typeof callback !== 'function') return Promise.reject(new TypeError('begin needs a callback'));
      let connectionClosed = false;
      const guarded = async (transaction: postgres.TransactionSql) => {
        try {
          return await (callback as (sql: postgres.TransactionSql) => unknown)(transaction);
        } catch (error) {
          // postgres.js 3.4.9 rolls back on the transaction's connection after the callback
          // throws; if that connection has closed, the write crashes the process
          // (porsager/postgres#1208). begin() has already rejected then (on the connection's
          // close), so the callback stays pending instead of letting the rollback run.
          if (isDatabaseUnavailable(error)) {
            await new Promise((resolve) => setImmediate(resolve));
            if (connectionClosed) await new Promise<never>(() => undefined);
          }
          throw error;
        }
      };
      const transaction = (pool.begin as (...beginArgs: unknown[]) => Promise<unknown>)(
        ...args.slice(0, -1),
        guarded,
      );
      void Promise.prototype.then.call(transaction, undefined, (error: unknown) => {
        connectionClosed = true;
        noticeFailure(pool, error);
      });
      return transaction;
    },
    async reserve() {
      const pool = requirePool();
      // Without fetch_types, postgres.js never hands a reservation the connection it opened for
      // it; with an open idle connection first, the reservation takes that one.
      await pool.unsafe('select 1');
      return pool.reserve();
    },
  };

  return {
    // Drizzle's postgres-js session uses only these members of the client.
    client: client as unknown as postgres.Sql,
    async close() {
      closed = true;
      await searching;
      const pool = current;
      current = undefined;
      await pool?.end({ timeout: 5 });
    },
  };
}
