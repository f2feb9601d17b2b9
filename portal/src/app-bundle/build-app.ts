/** Bundles the end users' app (`portal/app/`) with Vite into a folder the portal serves. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appSourceFingerprint, FINGERPRINT_FILE } from './app-source-fingerprint.js';

/** The app's sources: `index.html`, `src/`, `styles/`. */
export const APP_SOURCE_FOLDER = fileURLToPath(new URL('../../app/', import.meta.url));

/** Where `npm start` and `npm run build -w portal` put the bundle. */
export const DEFAULT_APP_BUILD_FOLDER = fileURLToPath(new URL('../../dist/app/', import.meta.url));

export interface BuildAppOptions {
  /** The folder to write; replaced whole. `portal/dist/app` by default. */
  readonly outputFolder?: string;
}

/**
 * Builds the app and swaps it into `outputFolder` in one rename, so a portal serving the folder
 * never sees half a build. Workspace packages are bundled from source (the `tidepool-source`
 * condition), so no `npm run build` of the SDK is needed first. The bundle records the
 * fingerprint of its sources, which `ensureAppBuilt` compares to decide whether to build again.
 *
 * @example await buildApp({ outputFolder: '/tmp/portal-app' });
 */
export async function buildApp(options: BuildAppOptions = {}): Promise<string> {
  const outputFolder = options.outputFolder ?? DEFAULT_APP_BUILD_FOLDER;
  const fingerprint = await appSourceFingerprint();
  const suffix = randomBytes(6).toString('hex');
  const staging = `${outputFolder.replace(/\/$/, '')}.building-${suffix}`;
  // Loaded only when building: a portal whose bundle is current never loads the bundler.
  const { build } = await import('vite');
  await mkdir(dirname(staging), { recursive: true });
  try {
    await build({
      root: APP_SOURCE_FOLDER,
      base: '/',
      configFile: false,
      logLevel: 'warn',
      resolve: { conditions: ['tidepool-source', 'browser', 'import', 'module', 'default'] },
      // The device-file reader is a module worker (`new Worker(…, { type: 'module' })`).
      worker: { format: 'es' },
      build: {
        outDir: staging,
        emptyOutDir: true,
        assetsDir: 'assets',
        target: 'es2022',
        sourcemap: false,
        // Everything is loaded as files from this server: the content security policy forbids inline data.
        assetsInlineLimit: 0,
        reportCompressedSize: false,
      },
    });
    await writeFile(join(staging, FINGERPRINT_FILE), `${fingerprint}\n`);
    await swapInto(staging, outputFolder);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return outputFolder;
}

/** Replaces `target` by `staging` with renames only; the old bundle is removed afterwards. */
async function swapInto(staging: string, target: string): Promise<void> {
  const retired = `${target.replace(/\/$/, '')}.retired-${randomBytes(6).toString('hex')}`;
  try {
    await rename(target, retired);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await rename(staging, target);
  await rm(retired, { recursive: true, force: true });
}
