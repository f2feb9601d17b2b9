/** The portal service's Express app: the end users' app, the docs and home pages, with the kit's pieces around them. */
import express, { type Express, type RequestHandler } from 'express';
import {
  createErrorHandler,
  createServiceMetrics,
  createStatusReader,
  notFoundHandler,
  type Logger,
  type ServiceMetrics,
} from '@tidepool/kit';
import { createAppRouter } from './app-bundle/app-router.js';
import { createDocsRouter, type DocsRouterOptions } from './docs/docs-router.js';
import { renderHomePage } from './home/home-page.js';
import { pageSecurityHeaders } from './http/page-security-headers.js';
import { observeRequests } from './http/request-observer.js';

/** The hakken service name (DESIGN.md §2). */
export const PORTAL_SERVICE = 'portal';

export interface PortalAppOptions extends DocsRouterOptions {
  readonly logger: Logger;
  /** The version `/status` reports. */
  readonly version: string;
  /** Log the stacks of server failures (NODE_ENV=development); they are never sent. */
  readonly development?: boolean;
  /**
   * A built end users' app (`ensureAppBuilt`), served at `/` and its other pages. Without it
   * the portal serves the docs and, at `/`, a home page that links to them.
   */
  readonly appFolder?: string;
}

export interface PortalApp {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
}

/** An answer that must not be kept by any cache: health and metrics change all the time. */
const noStore: RequestHandler = (_request, response, next) => {
  response.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * Builds the portal's app. It has no ts-rest contract, so the kit's `createServiceApp` (which
 * serves a contract's routes and ends with its 404 handler) cannot hold its pages: the app is
 * put together here from the kit's pieces instead: request ids, request log lines, metrics,
 * `/status`, `/metrics`, problem details for every error and 404. The pages get a content
 * security policy of their own (see `pageSecurityHeaders`). Reads the docs' files at once and
 * throws when one is missing or broken.
 *
 * @example
 * const { app } = createPortalApp({ logger, version: '0.1.0' });
 * await using server = await startServer(app, { host: '127.0.0.1', port: 0 });
 */
export function createPortalApp(options: PortalAppOptions): PortalApp {
  const { logger } = options;
  const metrics = createServiceMetrics(PORTAL_SERVICE);
  const readStatus = createStatusReader({
    service: PORTAL_SERVICE,
    version: options.version,
    checks: {},
    logger,
  });

  const app = express();
  app.disable('x-powered-by');
  // The portal listens on a private interface behind styx (DESIGN.md §2): trust its X-Forwarded-For.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(observeRequests({ logger, metrics }));
  app.use(pageSecurityHeaders());

  if (options.appFolder === undefined) {
    const homePage = renderHomePage();
    app.get('/', (_request, response) => {
      response.setHeader('Cache-Control', 'no-cache');
      response.type('html').send(homePage);
    });
  } else {
    app.use(createAppRouter(options.appFolder));
  }
  app.use(createDocsRouter(options));
  app.get('/status', noStore, (_request, response, next) => {
    readStatus().then((report) => response.json(report), next);
  });
  // styx never forwards /metrics (spec `getMetrics` is internal): only the scraper on the private interface reads it.
  app.get('/metrics', noStore, (_request, response, next) => {
    metrics.registry.metrics().then((text) => response.type(metrics.registry.contentType).send(text), next);
  });

  app.use(noStore, notFoundHandler());
  app.use(createErrorHandler({ logger, development: options.development ?? false }));
  return { app, metrics };
}
