/** Security headers for a JSON API (helmet), and no caching of answers that may hold medical data. */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Helmet's defaults with a content security policy that allows nothing: these services serve
 * JSON, never pages. Answers are marked `no-store` (RFC 9111 §5.2.2.5) because they may carry
 * medical data that no shared cache should keep.
 */
export function securityHeaders(): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
  });
  const noStore: RequestHandler = (_request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  };
  return [headers, noStore];
}
