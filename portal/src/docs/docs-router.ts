/** The routes of the API docs (issue 9): the reference, the OpenAPI document, the guide and their assets. */
import { Router } from 'express';
import { readGuide, renderGuidePage } from './guide-page.js';
import { readOpenApiDocument } from './openapi-document.js';
import { OPENAPI_DOCUMENT_URL, renderReferencePage } from './reference-page.js';
import { serveDocsAsset } from './docs-assets.js';

export interface DocsRouterOptions {
  /** The OpenAPI document to present; the committed public one by default. */
  readonly openApiDocumentPath?: string;
  /** The guide's Markdown; `portal/docs/guide.md` by default. */
  readonly guidePath?: string;
}

/**
 * The `/docs` routes, with full paths (styx keeps the `/docs` prefix). Every page is rendered
 * once here, at start, so a broken guide or document stops the portal before it serves.
 */
export function createDocsRouter(options: DocsRouterOptions = {}): Router {
  const openApiDocument = readOpenApiDocument(options.openApiDocumentPath);
  const referencePage = renderReferencePage();
  const guidePage = renderGuidePage(readGuide(options.guidePath));

  const router = Router();
  router.get('/docs', (_request, response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(referencePage);
  });
  router.get(OPENAPI_DOCUMENT_URL, (_request, response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.type('json').send(openApiDocument);
  });
  router.get('/docs/guide', (_request, response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(guidePage);
  });
  router.get('/docs/assets/:name', serveDocsAsset());
  return router;
}
