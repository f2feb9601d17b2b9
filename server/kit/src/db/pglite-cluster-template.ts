/**
 * New embedded databases from an archive of an empty cluster instead of PGlite's initdb.
 *
 * PGlite creates a new cluster by running PostgreSQL's initdb in WebAssembly: ~8 s of CPU on
 * these machines, for each service, on every first start. Unpacking a `dumpDataDir()` archive
 * of a cluster that the same PGlite version made costs ~1.5 s. `npm start` makes the archive
 * once in DATA_DIR (`preparePgliteClusterArchive`) before the services start, and each service
 * that opens its database for the first time starts from it (`openDatabase`). PGlite's own
 * prepopulated archive (`@electric-sql/pglite-prepopulatedfs`) is published for some PGlite
 * versions only, not ours; this archive is made by the PGlite in use.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** The installed PGlite's package manifest (not exported by the package; one folder above its entry). */
export function pgliteManifest(): Buffer {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return readFileSync(join(dirname(entry), '..', 'package.json'));
}

/** The archive's file name in DATA_DIR: named by PGlite version, so that another version never loads it. */
export function pgliteClusterArchiveName(): string {
  const { version } = JSON.parse(pgliteManifest().toString('utf8')) as { version: string };
  return `pglite-cluster-${version}.tar.gz`;
}

/**
 * Makes `<dataDir>/pglite-cluster-<version>.tar.gz` unless it is there; answers whether it
 * made it. Written under another name and renamed, so that a service never reads half of it.
 */
export async function preparePgliteClusterArchive(dataDir: string): Promise<boolean> {
  const path = join(dataDir, pgliteClusterArchiveName());
  if (existsSync(path)) return false;
  const client = await PGlite.create();
  let archive: Blob;
  try {
    archive = await client.dumpDataDir('gzip');
  } finally {
    await client.close();
  }
  const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
  writeFileSync(partial, Buffer.from(await archive.arrayBuffer()), { mode: 0o600 });
  renameSync(partial, path);
  return true;
}

/** The cluster's folder in a service's directory of DATA_DIR (`<DATA_DIR>/<service>/pglite`). */
export function embeddedClusterDirectory(serviceDirectory: string): string {
  return join(serviceDirectory, 'pglite');
}

/** Whether the service's embedded database was made already (its cluster folder exists). */
export function hasEmbeddedCluster(serviceDirectory: string): boolean {
  return existsSync(embeddedClusterDirectory(serviceDirectory));
}

/** The archive in DATA_DIR, or undefined when there is none. */
export function readPgliteClusterArchive(dataDir: string): Blob | undefined {
  try {
    return new Blob([readFileSync(join(dataDir, pgliteClusterArchiveName()))]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Unpacks the archive as a new cluster in `clusterDirectory`, which must not exist: into a
 * sibling folder first, renamed once PGlite has opened and closed it, so that a start that
 * stops halfway leaves no half-made cluster behind. Throws (leaving nothing) when the archive
 * cannot be loaded.
 */
export async function createClusterFromArchive(clusterDirectory: string, archive: Blob): Promise<void> {
  const partial = `${clusterDirectory}.${randomBytes(6).toString('hex')}.partial`;
  try {
    const client = await PGlite.create(partial, { loadDataDir: archive });
    await client.close();
    renameSync(partial, clusterDirectory);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
