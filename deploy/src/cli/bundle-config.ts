/** A bundle's configuration from the command line: a JSON file of variables and `--env NAME=value` pairs. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from './cli-errors.js';

const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;
const ConfigFileSchema = z.record(
  z.string().regex(VARIABLE_NAME, 'is not an environment variable name'),
  z.string(),
);

/** Parses one `NAME=value`; the value may hold `=`. */
export function parseEnvironmentPair(pair: string): [string, string] {
  const separator = pair.indexOf('=');
  const name = separator === -1 ? pair : pair.slice(0, separator);
  if (separator === -1 || !VARIABLE_NAME.test(name)) {
    throw new UsageError(`--env takes NAME=value with an upper-case NAME, not "${name}".`);
  }
  return [name, pair.slice(separator + 1)];
}

/**
 * The configuration from `--config FILE` (a JSON object of strings; keep secrets in it rather
 * than on the command line, where `ps` shows them), then each `--env`, which wins.
 */
export function readBundleConfig(file: string | undefined, pairs: readonly string[]): Record<string, string> {
  let fromFile: Record<string, string> = {};
  if (file !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`--config ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = ConfigFileSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(top level)'} ${issue.message}`,
      );
      throw new UsageError(
        `--config ${file} must be a JSON object of NAME: "value" strings: ${problems.join('; ')}.`,
      );
    }
    fromFile = parsed.data;
  }
  return { ...fromFile, ...Object.fromEntries(pairs.map(parseEnvironmentPair)) };
}
