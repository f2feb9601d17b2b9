/** The public OpenAPI document that `/docs` presents, read once at start. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The committed document of every public route as seen through styx (DESIGN.md §3). */
export const PUBLIC_OPENAPI_DOCUMENT_PATH = require.resolve('@tidepool/spec/openapi/public.json');

/**
 * Reads an OpenAPI document and checks that it is one, so that a wrong path or a broken
 * file stops the portal at start instead of serving a reference page that cannot load.
 * Returns the file's text unchanged: `/docs/openapi.json` serves exactly what is committed.
 */
export function readOpenApiDocument(path: string = PUBLIC_OPENAPI_DOCUMENT_PATH): string {
  const text = readFileSync(path, 'utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not JSON`, { cause: error });
  }
  const isOpenApi =
    typeof document === 'object' &&
    document !== null &&
    'openapi' in document &&
    typeof document.openapi === 'string' &&
    'paths' in document;
  if (!isOpenApi) throw new Error(`${path} is not an OpenAPI document (no "openapi" version or "paths")`);
  return text;
}
