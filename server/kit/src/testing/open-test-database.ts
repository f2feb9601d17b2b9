/** A migrated database for a test, on the backend the suite runs on; closed and dropped on dispose. */
import { openDatabase, type OpenedDatabase } from '../db/open-database.js';
import { silentLogger } from './captured-logs.js';
import { pgliteTemplate } from './pglite-template.js';
import type { DatabaseBackend } from './postgres-availability.js';
import { startPostgres } from './postgres-cluster.js';

export interface TestDatabaseOptions<Schema extends Record<string, unknown>> {
  readonly schema: Schema;
  readonly migrationsFolder: string;
}

/**
 * Opens an in-memory PGlite database (from a migrated template, see `pgliteTemplate`) or a
 * fresh PostgreSQL database, with the migrations applied. Disposing closes it (and drops the
 * PostgreSQL database).
 *
 * @example
 * await using database = await openTestDatabase(backend, { schema, migrationsFolder });
 * await database.db.insert(users).values({ … });
 */
export async function openTestDatabase<Schema extends Record<string, unknown>>(
  backend: DatabaseBackend,
  options: TestDatabaseOptions<Schema>,
): Promise<OpenedDatabase<Schema>> {
  const common = { service: 'test', dataDir: ':memory:', logger: silentLogger(), ...options };
  if (backend === 'pglite') {
    return openDatabase({ ...common, pgliteArchive: await pgliteTemplate(options.migrationsFolder) });
  }
  const postgresDatabase = await startPostgres();
  try {
    const database = await openDatabase({ ...common, url: postgresDatabase.url });
    const close = async () => {
      await database.close();
      await postgresDatabase.stop();
    };
    return { ...database, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    await postgresDatabase.stop();
    throw error;
  }
}
