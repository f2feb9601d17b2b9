/** At start: build the app's bundle when it is missing or older than its sources (README "Running"). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@tidepool/kit';
import { appSourceFingerprint, FINGERPRINT_FILE } from './app-source-fingerprint.js';
import { buildApp, DEFAULT_APP_BUILD_FOLDER } from './build-app.js';

async function builtFingerprint(folder: string): Promise<string | undefined> {
  try {
    return (await readFile(join(folder, FINGERPRINT_FILE), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Makes sure `folder` holds a bundle of the current sources, building it when it does not, so
 * that `npm install && npm start` serves the app with no other step. Answers the folder.
 *
 * @example const appFolder = await ensureAppBuilt(logger);
 */
export async function ensureAppBuilt(
  logger: Logger,
  folder: string = DEFAULT_APP_BUILD_FOLDER,
): Promise<string> {
  const [wanted, built] = await Promise.all([appSourceFingerprint(), builtFingerprint(folder)]);
  if (built === wanted) return folder;
  logger.info({ folder, reason: built === undefined ? 'missing' : 'stale' }, 'building the app');
  const startedAt = performance.now();
  await buildApp({ outputFolder: folder });
  logger.info({ durationMs: Math.round(performance.now() - startedAt) }, 'app built');
  return folder;
}
