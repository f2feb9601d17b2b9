/** The variables every service reads (DESIGN.md §4); a service extends them with its own. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** pino's levels, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The shared server secret must carry at least 256 bits when written as text. */
export const SERVER_SECRET_MIN_LENGTH = 32;

export const baseServiceConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** The private interface (DESIGN.md §2): only styx listens publicly. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** 0 lets the system choose; the service publishes the port it got to hakken. */
  PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  SERVER_SECRET: z
    .string({ required_error: 'is required' })
    .min(SERVER_SECRET_MIN_LENGTH, `must be at least ${SERVER_SECRET_MIN_LENGTH} characters`),
  /** As body-parser reads it: bytes, or a number with b, kb or mb. */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'must be a size such as 1mb, 512kb or 65536')
    .default('1mb'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

/** The configuration every service has, once checked. */
export type BaseServiceConfig = z.output<typeof baseServiceConfigSchema>;

/**
 * A service's configuration schema: the base variables and the service's own. SERVER_SECRET
 * is required except under NODE_ENV=test, where a random one is made at each load, so that
 * a test never needs a secret and no well-known default secret exists anywhere.
 *
 * @example
 * const ConfigSchema = serviceConfigSchema({ ...databaseConfigShape('user-api'), USER_API_SALT: z.string() });
 * const config = loadConfig(ConfigSchema);
 */
export function serviceConfigSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  // A preprocessing step rather than a refinement, so that a missing secret is reported
  // together with every other problem (zod skips refinements of an invalid object).
  return z.preprocess((environment) => {
    const variables = environment as Record<string, string | undefined>;
    if (variables.NODE_ENV !== 'test' || variables.SERVER_SECRET !== undefined) return variables;
    return { ...variables, SERVER_SECRET: randomBytes(32).toString('base64url') };
  }, baseServiceConfigSchema.extend(shape));
}
