/** @tidepool/portal: the portal service: the end users' app at `/`, the API docs at `/docs`. */
export {
  createPortalApp,
  PORTAL_SERVICE,
  type PortalApp,
  type PortalAppOptions,
} from './create-portal-app.js';
export { loadPortalConfig, portalConfigSchema, type PortalConfig } from './portal-config.js';
export type { DocsRouterOptions } from './docs/docs-router.js';
export { buildApp, DEFAULT_APP_BUILD_FOLDER, type BuildAppOptions } from './app-bundle/build-app.js';
export { ensureAppBuilt } from './app-bundle/ensure-app-built.js';
