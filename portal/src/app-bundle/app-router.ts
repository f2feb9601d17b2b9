/** The routes of the end users' app: its HTML at each of its pages' paths, and its hashed assets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { APP_PATHS } from '../../app/src/app-routes.js';

/**
 * Vite names every asset after a hash of its content (`index-CpkOlHpH.js`): a name never
 * changes meaning, so browsers may keep it a year without asking again (RFC 9111 §5.2.2.1,
 * RFC 8246 `immutable`).
 */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

/** The names Vite gives assets: letters, digits, `-`, `_` and dots, never starting with a dot, no `..`. */
const ASSET_NAME = /^[A-Za-z0-9][\w-]*(\.[\w-]+)*$/;

/**
 * Serves a built app (see `buildApp`): `index.html` at every path of `APP_PATHS`, so that the
 * history API's addresses survive a reload or a link from a mail (`/verify-email?token=…`), and
 * `/assets/:name` from the bundle's `assets/` folder. Other paths fall through to the 404
 * problem. Reads `index.html` at once and throws when the folder holds no build.
 *
 * @example app.use(createAppRouter(await ensureAppBuilt(logger)));
 */
export function createAppRouter(folder: string): Router {
  const indexHtml = readFileSync(join(folder, 'index.html'), 'utf8');
  const assetsFolder = join(folder, 'assets');

  const router = Router();
  for (const path of APP_PATHS) {
    router.get(path, (_request, response) => {
      // The HTML names the current assets: always revalidate it (RFC 9111 §5.2.2.4).
      response.setHeader('Cache-Control', 'no-cache');
      response.type('html').send(indexHtml);
    });
  }
  router.get('/assets/:name', (request, response, next) => {
    const { name } = request.params;
    // Bundle names only (`index-CpkOlHpH.js`): a decoded `../` or a dot file is no asset. `root`
    // confines the file to the assets folder as a second wall.
    if (!ASSET_NAME.test(name)) {
      next();
      return;
    }
    response.sendFile(
      name,
      { root: assetsFolder, dotfiles: 'deny', headers: { 'Cache-Control': HASHED_ASSET_CACHE } },
      (error?: Error & { status?: number }) => {
        if (error === undefined) return;
        // A missing file is an unknown path: the 404 problem answers it.
        if (error.status === 404) next();
        else next(error);
      },
    );
  });
  return router;
}
