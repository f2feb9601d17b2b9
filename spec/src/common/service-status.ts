/** The `/status` and `/metrics` routes that every service serves (DESIGN.md §4). */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { problem } from './problem-responses.js';
import { internalRoute, publicRoute } from './route-meta.js';

const c = initContract();

/** What `GET /status` answers: enough for a load balancer and for a person on call. */
export const ServiceStatusSchema = z
  .object({
    service: z.string().describe('The hakken service name, for example `user-api`.'),
    version: z.string().describe('The version of the running code.'),
    status: z
      .enum(['ok', 'degraded'])
      .describe('`degraded` when an optional dependency fails but requests are still served.'),
    uptimeSeconds: z.number().nonnegative(),
    checks: z
      .record(z.string(), z.enum(['ok', 'failing']))
      .optional()
      .describe('Each dependency checked, for example `database`.'),
  })
  .describe('The health of one service instance.');
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

/**
 * The routes every service router starts with. They come first so that a server which
 * registers handlers in contract order matches these literal paths before `/:userid`.
 */
export const serviceStatusRoutes = c.router({
  getStatus: {
    method: 'GET',
    path: '/status',
    summary: 'Report the health of the service',
    description:
      'Answers 200 while the service serves requests (`degraded` when an optional dependency ' +
      'fails), and a 503 problem when it cannot (a required dependency is down, or it is ' +
      'draining), so that load balancers can act on the status code alone.',
    responses: {
      200: ServiceStatusSchema.describe('The service serves requests.'),
      503: problem('The service cannot serve requests: a required dependency is down, or it is draining.'),
    },
    metadata: publicRoute('none', { routine: true }),
  },
  getMetrics: {
    method: 'GET',
    path: '/metrics',
    summary: 'Expose Prometheus metrics',
    description:
      'Prometheus text exposition format 0.0.4. Served on the private interface only and never ' +
      'forwarded by styx, so the scraper needs no token.',
    responses: {
      200: c.otherResponse({ contentType: 'text/plain; version=0.0.4', body: z.string() }),
    },
    metadata: internalRoute('none', { routine: true }),
  },
});
