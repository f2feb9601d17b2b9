/** Where a slot's embedded database lives: one PGlite directory serves one process (server/kit README). */
import { resolve } from 'node:path';
import { databaseUrlVariable } from '@tidepool/kit';

/**
 * The directory of the embedded database a bundle would open (`DATA_DIR/<service>/`, as
 * `openDatabase` does), or undefined when it uses PostgreSQL (`<SERVICE>_DATABASE_URL` or
 * `DATABASE_URL`) or keeps no database.
 */
export function embeddedDatabaseDirectory(
  service: string,
  config: Readonly<Record<string, string>>,
  codeRoot: string,
  keepsEmbeddedDatabase: boolean,
): string | undefined {
  if (!keepsEmbeddedDatabase) return undefined;
  const url = config[databaseUrlVariable(service)] ?? config.DATABASE_URL;
  if (url !== undefined && url !== '') return undefined;
  // The kit's default DATA_DIR is `.data`, relative to the process's working directory (the code root).
  const dataDirectory = config.DATA_DIR === undefined || config.DATA_DIR === '' ? '.data' : config.DATA_DIR;
  return resolve(codeRoot, dataDirectory, service);
}
