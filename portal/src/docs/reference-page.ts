/** `GET /docs`: the interactive API reference (Swagger UI over the public OpenAPI document). */
import { renderHtmlPage } from '../pages/html-page.js';
import { docsAssetPath } from './docs-assets.js';

/** Where the reference page and its script find the document. */
export const OPENAPI_DOCUMENT_URL = '/docs/openapi.json';

const INTRODUCTION = `      <div class="page-text">
        <h1>Tidepool platform API reference</h1>
        <p>
          Every public route of the platform, as served by this router. New here? Read the
          <a href="/docs/guide">guide</a>: how to get a session token, the SDK in five lines, and the
          errors. Tools that read OpenAPI can use the <a href="${OPENAPI_DOCUMENT_URL}">OpenAPI document</a>.
        </p>
        <p>
          To try the routes from this page, open <strong>Log in</strong> (or <strong>Create an account</strong>)
          and choose <em>Try it out</em>: the session token it answers is then sent with every other call.
          You can also paste a token under <em>Authorize</em>, as <code>sessionToken</code>. The token is kept
          in this page only and is gone when you leave it.
        </p>
      </div>`;

/**
 * The reference page. Swagger UI and the script that starts it are served by this server;
 * without JavaScript the page still points to the document and the guide.
 */
export function renderReferencePage(): string {
  const reference = `      <div id="api-reference" class="api-reference" data-openapi-url="${OPENAPI_DOCUMENT_URL}">
        <p class="page-text" role="status">Loading the API reference…</p>
        <noscript><p class="page-text">The interactive reference needs JavaScript. The
          <a href="${OPENAPI_DOCUMENT_URL}">OpenAPI document</a> describes the same routes.</p></noscript>
      </div>`;
  return renderHtmlPage({
    title: 'API reference · Tidepool platform',
    current: '/docs',
    stylesheets: [docsAssetPath('swagger-ui.css')],
    scripts: [docsAssetPath('swagger-ui-bundle.js'), docsAssetPath('reference.js')],
    body: `${INTRODUCTION}\n${reference}`,
  });
}
