/** The portal's configuration from the environment (STYLE.md point 4): where to listen, what to log, where to publish. */
import {
  baseServiceConfigSchema,
  commaListSchema,
  loadConfig,
  SERVER_SECRET_MIN_LENGTH,
} from '@tidepool/kit';
import { z } from 'zod';

/**
 * The variables the portal reads, with the defaults every service has (DESIGN.md §2: the
 * private interface, a port the system chooses). The portal serves public pages only: it needs
 * no database, and the server secret only to publish itself to hakken.
 */
export const portalConfigSchema = baseServiceConfigSchema
  .pick({ NODE_ENV: true, HOST: true, PORT: true, LOG_LEVEL: true, SHUTDOWN_TIMEOUT_MS: true })
  .extend({
    /** hakken coordinators as `host:port` or URLs, comma-separated; without them the portal is not published. */
    HAKKEN_COORDINATORS: commaListSchema,
    /** Publishing to hakken needs the shared server secret (DESIGN.md §7). */
    SERVER_SECRET: z
      .string()
      .min(SERVER_SECRET_MIN_LENGTH, `must be at least ${SERVER_SECRET_MIN_LENGTH} characters`)
      .optional(),
    /** The host other processes reach this one at, when HOST is a wildcard such as 0.0.0.0. */
    ANNOUNCE_HOST: z.string().min(1).optional(),
  })
  .refine((config) => config.HAKKEN_COORDINATORS.length === 0 || config.SERVER_SECRET !== undefined, {
    message: 'is required with HAKKEN_COORDINATORS (the portal publishes itself to hakken)',
    path: ['SERVER_SECRET'],
  });

/** The portal's configuration, once checked. */
export type PortalConfig = z.output<typeof portalConfigSchema>;

/**
 * Reads the portal's configuration, reporting every problem at once (`ConfigError`); the
 * secret's value never appears in a message.
 *
 * @example const config = loadPortalConfig(); // HOST, PORT, LOG_LEVEL, … from process.env
 */
export function loadPortalConfig(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): PortalConfig {
  return loadConfig(portalConfigSchema, environment);
}
