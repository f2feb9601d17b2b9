/** @tidepool/portal: the portal service: the API docs at `/docs` and the home page at `/`. */
export {
  createPortalApp,
  PORTAL_SERVICE,
  type PortalApp,
  type PortalAppOptions,
} from './create-portal-app.js';
export { loadPortalConfig, portalConfigSchema, type PortalConfig } from './portal-config.js';
export type { DocsRouterOptions } from './docs/docs-router.js';
