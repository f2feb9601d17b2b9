/** The files served under `/docs/assets/`: the reference page's Swagger UI bundle and the site's own. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';

const require = createRequire(import.meta.url);

/** Where swagger-ui-dist is installed; its package has no `exports`, so its files are reachable. */
const SWAGGER_UI_FOLDER = dirname(require.resolve('swagger-ui-dist/package.json'));

/** The portal's own assets, beside the guide (`portal/docs/assets/`). */
const SITE_ASSETS_FOLDER = fileURLToPath(new URL('../../docs/assets/', import.meta.url));

/**
 * Every file that `/docs/assets/:name` serves, by name. A closed list rather than a static
 * folder: swagger-ui-dist also ships an `index.html` whose initializer loads a document from
 * another host, and nothing of it but the bundle and its stylesheet is needed here.
 */
export const DOCS_ASSETS = {
  'swagger-ui.css': join(SWAGGER_UI_FOLDER, 'swagger-ui.css'),
  'swagger-ui-bundle.js': join(SWAGGER_UI_FOLDER, 'swagger-ui-bundle.js'),
  'site.css': join(SITE_ASSETS_FOLDER, 'site.css'),
  'reference.js': join(SITE_ASSETS_FOLDER, 'reference.js'),
} as const satisfies Readonly<Record<string, string>>;

/** The name of a file under `/docs/assets/`. */
export type DocsAssetName = keyof typeof DOCS_ASSETS;

function isDocsAssetName(name: string): name is DocsAssetName {
  return Object.hasOwn(DOCS_ASSETS, name);
}

/** The path at which an asset is served, for the pages that load it. */
export function docsAssetPath(name: DocsAssetName): string {
  return `/docs/assets/${name}`;
}

/**
 * Serves the asset named by the `:name` route parameter (with ETag, `Last-Modified` and range
 * support from Express), or passes to the next route (a 404 problem) for any other name.
 * `no-cache` makes browsers revalidate (RFC 9111 §5.2.2.4), so a deploy never mixes versions.
 */
export function serveDocsAsset(): RequestHandler<{ name: string }> {
  return (request, response, next) => {
    const { name } = request.params;
    if (!isDocsAssetName(name)) {
      next();
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(DOCS_ASSETS[name], (error?: Error) => {
      if (error !== undefined) next(error);
    });
  };
}
