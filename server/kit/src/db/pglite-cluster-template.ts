/**
 * New embedded databases copied from an empty cluster made once, instead of PGlite's initdb.
 *
 * PGlite creates a new cluster by running PostgreSQL's initdb in WebAssembly: ~8 s of CPU on
 * these machines, for each service, on every first start. `npm start` makes one empty cluster
 * in DATA_DIR before the services start (`preparePgliteClusterTemplate`), and each service that
 * opens its database for the first time copies that folder (`openDatabase`): ~0.15 s, where
 * unpacking a `dumpDataDir()` archive of it in PGlite took ~2.5 s of CPU and a second start of
 * PGlite to open the result. PGlite's own prepopulated archive
 * (`@electric-sql/pglite-prepopulatedfs`) is published for some PGlite versions only, not ours;
 * this template is made by the PGlite in use, and named after its version.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { isRunning } from './data-directory-lock.js';

/** The installed PGlite's package manifest (not exported by the package; one folder above its entry). */
export function pgliteManifest(): Buffer {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return readFileSync(join(dirname(entry), '..', 'package.json'));
}

function pgliteVersion(): string {
  return (JSON.parse(pgliteManifest().toString('utf8')) as { version: string }).version;
}

/** The template's folder name in DATA_DIR: named by PGlite version, so that another version never copies it. */
export function pgliteClusterTemplateName(): string {
  return `pglite-cluster-${pgliteVersion()}`;
}

/** The archive earlier versions of `npm start` made in DATA_DIR instead of the template. */
function formerArchiveName(): string {
  return `pglite-cluster-${pgliteVersion()}.tar.gz`;
}

/** A folder holds a cluster once PostgreSQL's version file is in it. */
function isCluster(directory: string): boolean {
  return existsSync(join(directory, 'PG_VERSION'));
}

const PARTIAL = '.partial';

/**
 * `<directory>.<pid>.<random>.partial`: where a folder is made, by this process, before it is
 * renamed into place. A start stopped halfway (Ctrl-C during a first start) leaves it behind.
 */
function partialBeside(directory: string): string {
  return `${directory}.${process.pid}.${randomBytes(6).toString('hex')}${PARTIAL}`;
}

/**
 * Removes the partial folders beside `directory` that no running process is making: those
 * of a process that has exited, and any when `everyOne` (the caller holds the directory's
 * lock, so no other process can be making one).
 */
function removeLeftPartials(directory: string, everyOne = false): void {
  const parent = dirname(directory);
  const prefix = `${basename(directory)}.`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(PARTIAL)) continue;
    // `<pid>.<random>`, or `<random>` alone as earlier versions named it.
    const [first, second] = name.slice(prefix.length, -PARTIAL.length).split('.');
    const pid = second === undefined ? undefined : Number(first);
    if (everyOne || pid === undefined || !isRunning(pid))
      rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/**
 * Makes `<dataDir>/pglite-cluster-<version>/` unless it is there; answers whether it made it.
 * Made under another name and renamed once PGlite has closed it cleanly, so that a service
 * never copies half of it. Removes the archive that earlier versions made in its place.
 */
export async function preparePgliteClusterTemplate(dataDir: string): Promise<boolean> {
  rmSync(join(dataDir, formerArchiveName()), { force: true });
  const template = join(dataDir, pgliteClusterTemplateName());
  removeLeftPartials(template);
  if (existsSync(template)) return false;
  const partial = partialBeside(template);
  try {
    const client = await PGlite.create(partial);
    await client.close();
    renameSync(partial, template);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
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

/** The template's folder in DATA_DIR, or undefined when there is none. */
export function findPgliteClusterTemplate(dataDir: string): string | undefined {
  const template = join(dataDir, pgliteClusterTemplateName());
  return existsSync(template) ? template : undefined;
}

/**
 * Copies the template as a new cluster in `clusterDirectory`, which must not exist: into a
 * sibling folder first, renamed once the copy is whole, so that a start that stops halfway
 * leaves no half-made cluster behind (and the next start removes what it left: the caller
 * holds the service directory's lock). Throws (leaving nothing) when the template is not a
 * cluster or cannot be copied.
 */
export function createClusterFromTemplate(clusterDirectory: string, template: string): void {
  removeLeftPartials(clusterDirectory, true);
  const partial = partialBeside(clusterDirectory);
  try {
    cpSync(template, partial, { recursive: true, errorOnExist: true, force: false });
    if (!isCluster(partial)) throw new Error(`${template} holds no PostgreSQL cluster (no PG_VERSION)`);
    renameSync(partial, clusterDirectory);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
