/** Reading and checking styx's rules: from a JSON file, from `STYX_RULES`, or the defaults. */
import { readFile } from 'node:fs/promises';
import type { ZodIssue } from 'zod';
import { defaultRules } from './default-rules.js';
import { RulesSchema, type Rules } from './rules-schema.js';

/** Every problem of a set of rules at once, each with where it is, so an operator fixes them in one go. */
export class RulesError extends Error {
  override readonly name = 'RulesError';
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(
      `Invalid styx rules in ${source} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  ${problem}`).join('\n'),
    );
    this.problems = problems;
  }
}

function describeIssue(issue: ZodIssue): string {
  const where = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
  return `${where}: ${issue.message}`;
}

/** Whether a request path under `later` is always taken by `earlier` first. */
function covers(earlier: string, later: string): boolean {
  return earlier === '/' || later === earlier || later.startsWith(earlier + '/');
}

/** Checks that zod cannot express: hosts unique once lowercased, and no rule hidden by an earlier one. */
function semanticProblems(rules: Rules): string[] {
  const problems: string[] = [];
  const seenHosts = new Map<string, string>();
  for (const [host, hostRules] of Object.entries(rules.hosts)) {
    const key = host.toLowerCase();
    const previous = seenHosts.get(key);
    if (previous !== undefined)
      problems.push(`hosts.${host}: the same host as ${previous} (hosts are case-insensitive)`);
    seenHosts.set(key, host);
    hostRules.forEach((rule, index) => {
      const hiddenBy = hostRules
        .slice(0, index)
        .findIndex((earlier) => covers(earlier.pathPrefix, rule.pathPrefix));
      if (hiddenBy !== -1) {
        problems.push(
          `hosts.${host}.${index}: pathPrefix '${rule.pathPrefix}' is never reached: rule ${hiddenBy} ` +
            `('${hostRules[hiddenBy]?.pathPrefix ?? ''}') comes first and matches it (put longer prefixes first)`,
        );
      }
    });
  }
  return problems;
}

/**
 * Checks rules given as a value (parsed JSON) and applies their defaults; throws one
 * `RulesError` listing every problem.
 *
 * @example parseRules(JSON.parse(text), 'STYX_RULES')
 */
export function parseRules(input: unknown, source: string): Rules {
  const result = RulesSchema.safeParse(input);
  if (!result.success) throw new RulesError(source, result.error.issues.map(describeIssue));
  const problems = semanticProblems(result.data);
  if (problems.length > 0) throw new RulesError(source, problems);
  return result.data;
}

/** Parses JSON text, naming the source and the position when it is not JSON. */
export function parseRulesJson(text: string, source: string): Rules {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RulesError(source, [
      `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  return parseRules(value, source);
}

export interface RulesLocation {
  /** Path of a JSON rules file (`STYX_RULES_FILE`). */
  readonly file?: string | undefined;
  /** The rules as JSON text (`STYX_RULES`). */
  readonly json?: string | undefined;
  /** Origins allowed by CORS on the default rules (`STYX_CORS_ORIGINS`). */
  readonly defaultCorsOrigins?: readonly string[] | undefined;
}

/**
 * The rules from a file, or from JSON text, or the defaults when neither is given.
 * Giving both is an error, so that nobody wonders which one is in force.
 */
export async function loadRules(location: RulesLocation): Promise<Rules> {
  if (location.file !== undefined && location.json !== undefined) {
    throw new RulesError('the environment', ['give STYX_RULES_FILE or STYX_RULES, not both']);
  }
  if (location.file !== undefined) {
    let text: string;
    try {
      text = await readFile(location.file, 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RulesError(location.file, [`cannot be read: ${reason}`]);
    }
    return parseRulesJson(text, location.file);
  }
  if (location.json !== undefined) return parseRulesJson(location.json, 'STYX_RULES');
  return parseRules(defaultRules({ corsOrigins: location.defaultCorsOrigins }), 'the default rules');
}
