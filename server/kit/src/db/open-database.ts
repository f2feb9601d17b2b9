/** A service's database: embedded PGlite by default, PostgreSQL when a URL is given (DESIGN.md §4). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Logger } from 'pino';
import { lockDataDirectory } from './data-directory-lock.js';
import { createFailoverClient } from './failover-client.js';
import { PGLITE_TYPE_HANDLERS } from './pglite-bytea.js';
import {
  createClusterFromTemplate,
  embeddedClusterDirectory,
  findPgliteClusterTemplate,
  hasEmbeddedCluster,
} from './pglite-cluster-template.js';
import { cacheStatements } from './pglite-statements.js';
import { shareEventLoop } from './pglite-turns.js';
import { describePostgresUrl } from './postgres-hosts.js';

/**
 * The one database type repository code is written against: Drizzle's PostgreSQL database,
 * the same whether PGlite or PostgreSQL is underneath.
 */
export type Database<Schema extends Record<string, unknown> = Record<string, never>> = PgDatabase<
  PgQueryResultHKT,
  Schema
>;

export interface OpenDatabaseOptions<Schema extends Record<string, unknown>> {
  /** The hakken service name: the embedded directory is `<dataDir>/<service>/`. */
  readonly service: string;
  /** A PostgreSQL URL; without it the embedded PGlite database is used. */
  readonly url?: string;
  /** With a shared `DATABASE_URL`: the schema that holds this service's tables and migrations. */
  readonly postgresSchema?: string;
  /** The data directory, or ':memory:' for a database that lives as long as the process. */
  readonly dataDir: string;
  /** The Drizzle schema (tables and relations), for the relational query API. */
  readonly schema: Schema;
  /** The folder of committed drizzle-kit migrations, applied at open. */
  readonly migrationsFolder: string;
  readonly logger: Logger;
  /**
   * For an in-memory PGlite database: a `dumpDataDir()` archive to start from instead of an
   * empty cluster (the test fixtures use a migrated template; starting empty takes seconds).
   */
  readonly pgliteArchive?: Blob;
}

export interface OpenedDatabase<Schema extends Record<string, unknown>> extends AsyncDisposable {
  readonly db: Database<Schema>;
  readonly dialect: 'pglite' | 'postgres';
  /** Resolves when the database answers; the `/status` check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function openPostgres<Schema extends Record<string, unknown>>(
  options: OpenDatabaseOptions<Schema> & { readonly url: string },
): Promise<OpenedDatabase<Schema>> {
  // A multi-host URL (`host1:port1,host2:port2`) follows a primary failover; while there is no
  // writable primary, queries fail at once with DatabaseUnavailableError (a 503 problem).
  const failover = await createFailoverClient({
    url: options.url,
    logger: options.logger,
    poolOptions: {
      onnotice: () => undefined,
      connect_timeout: 10,
      connection: {
        application_name: options.service,
        ...(options.postgresSchema === undefined ? {} : { search_path: options.postgresSchema }),
      },
    },
  });
  const { client } = failover;
  try {
    const db = drizzlePostgres({ client, schema: options.schema });
    // Several slots of a service may start at once: one migrates while the others wait.
    const reserved = await client.reserve();
    try {
      await reserved`select pg_advisory_lock(hashtext(${`tidepool-migrations:${options.service}`}))`;
      if (options.postgresSchema !== undefined) {
        await reserved.unsafe(`create schema if not exists ${quoteIdentifier(options.postgresSchema)}`);
      }
      await migratePostgres(db, {
        migrationsFolder: options.migrationsFolder,
        ...(options.postgresSchema === undefined ? {} : { migrationsSchema: options.postgresSchema }),
      });
      await reserved`select pg_advisory_unlock(hashtext(${`tidepool-migrations:${options.service}`}))`;
    } finally {
      reserved.release();
    }
    options.logger.info(
      { dialect: 'postgres', location: describePostgresUrl(options.url) },
      'database opened',
    );
    const close = () => failover.close();
    return {
      db,
      dialect: 'postgres',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await failover.close();
    throw error;
  }
}

/**
 * The embedded cluster's folder in the service's directory. A new one is copied from DATA_DIR's
 * cluster template when there is one (see pglite-cluster-template.ts); when that fails, or there
 * is none, PGlite creates it with initdb as usual.
 */
function prepareCluster(
  directory: string,
  options: { readonly dataDir: string; readonly logger: Logger },
): string {
  const clusterDirectory = embeddedClusterDirectory(directory);
  if (hasEmbeddedCluster(directory)) return clusterDirectory;
  try {
    const template = findPgliteClusterTemplate(options.dataDir);
    if (template === undefined) return clusterDirectory;
    createClusterFromTemplate(clusterDirectory, template);
    options.logger.info({ location: directory }, 'new embedded database copied from the cluster template');
  } catch (error) {
    options.logger.warn(
      { location: directory, reason: error instanceof Error ? error.message : String(error) },
      'the cluster template could not be copied; PGlite makes the new database itself',
    );
  }
  return clusterDirectory;
}

async function openPglite<Schema extends Record<string, unknown>>(
  options: OpenDatabaseOptions<Schema>,
): Promise<OpenedDatabase<Schema>> {
  const inMemory = options.dataDir === ':memory:';
  const directory = inMemory ? undefined : join(options.dataDir, options.service);
  let unlock: () => void = () => undefined;
  if (directory !== undefined) {
    mkdirSync(directory, { recursive: true });
    unlock = lockDataDirectory(directory);
  }
  try {
    const client =
      directory === undefined
        ? await PGlite.create({
            ...PGLITE_TYPE_HANDLERS,
            ...(options.pgliteArchive === undefined ? {} : { loadDataDir: options.pgliteArchive }),
          })
        : await PGlite.create(prepareCluster(directory, options), PGLITE_TYPE_HANDLERS);
    shareEventLoop(client);
    const db = drizzlePglite({ client, schema: options.schema });
    try {
      await migratePglite(db, { migrationsFolder: options.migrationsFolder });
    } catch (error) {
      await client.close();
      throw error;
    }
    cacheStatements(client);
    options.logger.info({ dialect: 'pglite', location: directory ?? ':memory:' }, 'database opened');
    let closed: Promise<void> | undefined;
    const close = () =>
      (closed ??= client.close().finally(() => {
        unlock();
      }));
    return {
      db,
      dialect: 'pglite',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * Opens a service's database and applies its migrations: PostgreSQL through postgres-js when
 * `url` is given, otherwise embedded PGlite in `<dataDir>/<service>/`.
 *
 * @example
 * await using database = await openDatabase({ service: 'metadata', ...databaseLocation('metadata', config),
 *   dataDir: config.DATA_DIR, schema, migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)), logger });
 */
export function openDatabase<Schema extends Record<string, unknown>>(
  options: OpenDatabaseOptions<Schema>,
): Promise<OpenedDatabase<Schema>> {
  const { url } = options;
  return url === undefined ? openPglite(options) : openPostgres({ ...options, url });
}
