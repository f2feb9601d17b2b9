/** A hash of everything the app's bundle is made from, to tell whether a built bundle is current. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file in a built bundle that holds the fingerprint of its sources. */
export const FINGERPRINT_FILE = 'build-fingerprint.txt';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The folders and files the bundle is made from: the app, the SDK and the contracts it bundles
 * from source, and the portal's package.json (the pinned versions of lit-html and uPlot).
 */
const SOURCES = ['portal/app', 'sdk/src', 'spec/src', 'portal/package.json', 'portal/src/app-bundle'];

async function listFiles(path: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return [path];
    if (code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return listFiles(child);
      // Tests are not part of the bundle: changing one must not cause a rebuild.
      return entry.name.endsWith('.test.ts') ? [] : [child];
    }),
  );
  return nested.flat();
}

/**
 * SHA-256 over the path and content of every source file, in a stable order. Content rather
 * than modification times, which a fresh checkout or a copy resets.
 */
export async function appSourceFingerprint(repository: string = REPOSITORY): Promise<string> {
  const files = (await Promise.all(SOURCES.map((source) => listFiles(join(repository, source)))))
    .flat()
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(repository, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}
