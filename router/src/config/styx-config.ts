/** styx's configuration: one zod schema over the environment, checked once at start, every problem at once. */
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** A size as the services write it (`16mb`, `512kb`, `65536`), in bytes. */
const SizeSchema = z
  .string()
  .regex(/^\d+(b|kb|mb)?$/i, 'must be a size such as 16mb, 512kb or 65536')
  .transform((text) => {
    const match = /^(\d+)([a-z]*)$/i.exec(text) as RegExpExecArray;
    return Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase() || 'b'] ?? 1);
  });

const PortSchema = z.coerce.number().int().min(0).max(65535);
const MillisecondsSchema = z.coerce.number().int().positive();

/** A comma-separated list, blanks dropped. */
const ListSchema = z.string().transform((text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

const CoordinatorsSchema = ListSchema.pipe(
  z.array(z.string().url('must be a comma-separated list of URLs such as http://127.0.0.1:8000')),
);

const BooleanSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

export const StyxConfigSchema = z
  .object({
    /** styx is the only public listener (DESIGN.md §2). */
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: PortSchema.default(8009),
    /** `/metrics` and the detailed `/status`: private by default. */
    STYX_ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
    STYX_ADMIN_PORT: PortSchema.default(8010),
    STYX_RULES_FILE: z.string().min(1).optional(),
    STYX_RULES: z.string().min(1).optional(),
    /** Origins allowed by CORS on the default rules. */
    STYX_CORS_ORIGINS: ListSchema.optional(),
    HAKKEN_COORDINATORS: CoordinatorsSchema.optional(),
    SERVER_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    STYX_BODY_LIMIT: SizeSchema.default('16mb'),
    STYX_CONNECT_TIMEOUT_MS: MillisecondsSchema.default(2_000),
    STYX_HEADERS_TIMEOUT_MS: MillisecondsSchema.default(60_000),
    STYX_IDLE_TIMEOUT_MS: MillisecondsSchema.default(60_000),
    STYX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    STYX_TRUST_FORWARDED: BooleanSchema.default('false'),
    /** Worker processes sharing the public port (node:cluster); 1 runs everything in one process. */
    STYX_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    SHUTDOWN_TIMEOUT_MS: MillisecondsSchema.default(10_000),
  })
  .refine((config) => config.HAKKEN_COORDINATORS === undefined || config.SERVER_SECRET !== undefined, {
    message: 'is required with HAKKEN_COORDINATORS (styx publishes itself to hakken)',
    path: ['SERVER_SECRET'],
  });

export type StyxConfig = z.output<typeof StyxConfigSchema>;

/** Every problem of the environment, each naming its variable; never a value. */
export class StyxConfigError extends Error {
  override readonly name = 'StyxConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid styx configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Reads the configuration from the environment; empty variables count as unset.
 *
 * @example const config = loadStyxConfig(process.env);
 */
export function loadStyxConfig(env: Readonly<Record<string, string | undefined>>): StyxConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = StyxConfigSchema.safeParse(present);
  if (result.success) return result.data;
  // Messages name the variable and the rule it breaks; the one secret, SERVER_SECRET, is never quoted.
  throw new StyxConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
  );
}
