/** Configuration from the environment: one zod schema, checked once at start (STYLE.md point 4). */
import { z } from 'zod';

/** One problem with one environment variable. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Names of variables whose values must never be printed, not even in an error. */
const SECRET_LOOKING = /SECRET|SALT|PASSWORD|TOKEN|KEY|CREDENTIAL|DATABASE_URL/i;

/** Whether a variable's value must be kept out of messages and logs. */
export function isSecretLooking(variable: string): boolean {
  return SECRET_LOOKING.test(variable);
}

/**
 * Every problem of a configuration at once, so an operator fixes them in one go. The message
 * names the variables and never contains the value of a secret-looking one.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n'),
    );
    this.problems = problems;
  }
}

/** Zod messages may quote the received value (enums do); drop it for secrets. */
function safeMessage(variable: string, message: string, value: string | undefined): string {
  if (!isSecretLooking(variable) || value === undefined || !message.includes(value)) return message;
  return 'has an invalid value (not shown)';
}

/**
 * Parses the environment with a zod schema and returns the typed configuration, or throws
 * one `ConfigError` listing every problem. Empty variables count as unset, as in most
 * process managers an empty `PORT=` means "not given".
 *
 * @example const config = loadConfig(serviceConfigSchema({ ... }));
 */
export function loadConfig<Schema extends z.ZodTypeAny>(
  schema: Schema,
  env: Readonly<Record<string, string | undefined>> = process.env,
): z.output<Schema> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data as z.output<Schema>;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.length === 0 ? '(environment)' : issue.path.join('.');
    return { variable, message: safeMessage(variable, issue.message, present[variable]) };
  });
  throw new ConfigError(problems);
}

/**
 * `loadConfig` for a process's `main`: on a configuration problem it writes every problem to
 * stderr (there is no logger yet; `ConfigError` never quotes a secret's value) and exits 1.
 *
 * @example const config = loadConfigOrExit(ConfigSchema);
 */
export function loadConfigOrExit<Schema extends z.ZodTypeAny>(
  schema: Schema,
  env: Readonly<Record<string, string | undefined>> = process.env,
): z.output<Schema> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** A comma-separated list variable (`HAKKEN_PEERS=a:1,b:2`); blanks around items and empty items dropped. */
export const commaListSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
