/** Security headers for the portal's pages (helmet): a content security policy of this server only. */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The policy of every page: scripts, styles, fonts and requests from this server only, so no
 * page can load or send anything to another host. `img-src` allows `data:` URLs because the
 * reference page's stylesheet draws its icons with them; no inline script or style is allowed.
 * `connect-src 'self'` is what lets "Try it out" call the platform behind the same router.
 */
export const PAGE_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/**
 * Helmet's defaults (HSTS, nosniff, referrer policy, cross-origin isolation headers) with the
 * pages' content security policy instead of the kit's `default-src 'none'`, which is meant for
 * JSON services and would block every stylesheet and script.
 */
export function pageSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: PAGE_CONTENT_SECURITY_POLICY },
  });
}
