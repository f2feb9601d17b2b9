/** The rules styx uses when none are given: the topology of DESIGN.md §2. */
import { SERVICES } from '@tidepool/spec';
import type { RuleInput, RulesInput } from './rules-schema.js';

export interface DefaultRulesOptions {
  /** Origins allowed to call the API from a browser (CORS); none by default, as the portal is same-origin. */
  readonly corsOrigins?: readonly string[] | undefined;
}

/** The service that serves the web portal and the `/docs` pages. */
export const PORTAL_SERVICE = 'portal';

/**
 * Every public service of `SERVICES` under its prefix (`/auth` → `user-api`, `/metadata`,
 * `/access`, `/message` → `message-api`, `/data`), the prefix stripped; `/docs` to the
 * portal with the prefix kept (the portal serves the OpenAPI pages there); and `/` to the
 * portal. Any host.
 *
 * @example const rules = defaultRules({ corsOrigins: ['https://app.example.org'] });
 */
export function defaultRules(options: DefaultRulesOptions = {}): RulesInput {
  const cors =
    options.corsOrigins !== undefined && options.corsOrigins.length > 0
      ? { allowedOrigins: [...options.corsOrigins] }
      : undefined;
  const serviceRules: RuleInput[] = SERVICES.flatMap((service) =>
    service.prefix === null
      ? []
      : [{ pathPrefix: service.prefix, target: { service: service.name }, ...(cors && { cors }) }],
  );
  return {
    hosts: {
      '*': [
        ...serviceRules,
        { name: 'docs', pathPrefix: '/docs', keepPrefix: true, target: { service: PORTAL_SERVICE } },
        { name: PORTAL_SERVICE, pathPrefix: '/', target: { service: PORTAL_SERVICE } },
      ],
    },
  };
}
