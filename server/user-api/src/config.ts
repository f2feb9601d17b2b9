/** The configuration of user-api: one zod schema over the environment, checked once at start (DESIGN.md §4, §5). */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { commaListSchema, databaseConfigShape, serviceConfigSchema } from '@tidepool/kit';
import { isOwaspEquivalent } from './passwords/scrypt-parameters.js';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const shape = {
  ...databaseConfigShape('user-api'),
  /** Sessions end after this long without use (idle expiry). */
  SESSION_IDLE_SECONDS: seconds(60 * 60),
  /** Sessions end this long after login whatever their use (absolute expiry); refresh does not extend it. */
  SESSION_LIFETIME_SECONDS: seconds(24 * 60 * 60),
  /** Server tokens live this long; the kit's server-token client logs in again well before. */
  SERVER_SESSION_SECONDS: seconds(60 * 60),
  /** scrypt cost: N = 2^SCRYPT_LOG_N. The defaults are an OWASP-listed equivalent of N=2^17, r=8, p=1. */
  SCRYPT_LOG_N: z.coerce.number().int().min(1).max(30).default(14),
  SCRYPT_R: z.coerce.number().int().min(1).max(64).default(8),
  SCRYPT_P: z.coerce.number().int().min(1).max(64).default(5),
  /** How many password hashes run at once; more only queue in libuv's threadpool and hold memory. */
  HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /**
   * Passwords are hashed in a child process of this CPU niceness (1–19), so that a storm of
   * logins cannot starve the requests that need no hash; 0 hashes in the service's own process.
   */
  HASH_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
  /** Failed logins allowed per identifier, and per client address, within THROTTLE_WINDOW_SECONDS. */
  LOGIN_FAILURES_PER_IDENTIFIER: z.coerce.number().int().positive().default(10),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(100),
  /** Mails (reset, verification) and signups allowed per client address within the window. */
  REQUESTS_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  THROTTLE_WINDOW_SECONDS: seconds(15 * 60),
  RESET_TOKEN_SECONDS: seconds(60 * 60),
  VERIFICATION_TOKEN_SECONDS: seconds(48 * 60 * 60),
  /** Where links in mails point: the public address of the platform (styx). */
  PUBLIC_URL: z.string().url().default('http://localhost:8009'),
  /** smtp:// or smtps:// URL of a mail relay; without it mail goes to DATA_DIR/outbox/mail.jsonl. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Tidepool <no-reply@localhost>'),
  /** Services told to erase a deleted user (`DELETE /internal/users/:userid`), found through hakken. */
  ERASE_SERVICES: commaListSchema,
  /** hakken coordinators as `host:port` or URLs, comma-separated; without them the service is not published. */
  HAKKEN_COORDINATORS: commaListSchema,
  /** The host other processes reach this one at, when HOST is a wildcard such as 0.0.0.0. */
  ANNOUNCE_HOST: z.string().min(1).optional(),
};

/**
 * The configuration schema. Outside NODE_ENV=test the scrypt parameters must be at least as
 * strong as one of OWASP's listed scrypt settings (DESIGN.md §5); tests may use cheap ones.
 */
export const ConfigSchema = serviceConfigSchema(shape).superRefine((config, context) => {
  const parameters = { logN: config.SCRYPT_LOG_N, r: config.SCRYPT_R, p: config.SCRYPT_P };
  if (config.NODE_ENV !== 'test' && !isOwaspEquivalent(parameters)) {
    context.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['SCRYPT_LOG_N'],
      message: 'SCRYPT_LOG_N, SCRYPT_R and SCRYPT_P are weaker than every OWASP scrypt setting',
    });
  }
  if (config.SESSION_IDLE_SECONDS > config.SESSION_LIFETIME_SECONDS) {
    context.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['SESSION_IDLE_SECONDS'],
      message: 'must not exceed SESSION_LIFETIME_SECONDS',
    });
  }
});

export type Config = z.output<typeof ConfigSchema>;
