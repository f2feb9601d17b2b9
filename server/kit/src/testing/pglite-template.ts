/** Migrated PGlite templates for tests: starting an empty PGlite takes seconds, loading an archive far less. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { pgliteManifest } from '../db/pglite-cluster-template.js';

const templates = new Map<string, Promise<Blob>>();

/** Every file below a folder, in a stable order. */
function filesBelow(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/** Changes whenever a migration or the PGlite version changes, so a stale template is never used. */
function templateKey(migrationsFolder: string): string {
  const hash = createHash('sha256');
  hash.update(pgliteManifest());
  for (const path of filesBelow(migrationsFolder)) {
    hash.update(relative(migrationsFolder, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

async function buildTemplate(migrationsFolder: string): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
    return await client.dumpDataDir('gzip');
  } finally {
    await client.close();
  }
}

/**
 * A `dumpDataDir` archive of an empty PGlite database with the folder's migrations applied.
 * Kept in memory per process and on disk under the system temp folder across processes;
 * written atomically, so concurrent test processes never read half a file.
 */
export function pgliteTemplate(migrationsFolder: string): Promise<Blob> {
  const key = templateKey(migrationsFolder);
  let template = templates.get(key);
  if (template === undefined) {
    template = (async () => {
      const folder = join(tmpdir(), 'tidepool-pglite-templates');
      const path = join(folder, `${key}.tar.gz`);
      try {
        return new Blob([readFileSync(path)]);
      } catch {
        const built = await buildTemplate(migrationsFolder);
        mkdirSync(folder, { recursive: true });
        const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
        writeFileSync(partial, Buffer.from(await built.arrayBuffer()));
        renameSync(partial, path);
        return built;
      }
    })();
    templates.set(key, template);
  }
  return template;
}
