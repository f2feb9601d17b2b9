/** Reading a plan file and checking all of it before anything starts: every problem at once, each with its place. */
import { readFileSync } from 'node:fs';
import type { ZodIssue } from 'zod';
import { BundleRegistry } from '../agent/bundle-registry.js';
import { embeddedDatabaseDirectory } from '../agent/embedded-database.js';
import { PlanSchema, type Plan, type PlanSlot } from './plan-schema.js';
import { substituteVariables } from './plan-variables.js';

/** A plan that cannot be run, with every reason. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(
      `Invalid plan ${source} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  ${problem}`).join('\n'),
    );
    this.problems = problems;
  }
}

/** A slot of the plan whose service is not written yet: it is left out, and said so. */
export interface SkippedSlot {
  readonly slot: string;
  readonly service: string;
}

export interface LoadedPlan {
  readonly plan: Plan;
  /** The built-in services with the plan's own. */
  readonly registry: BundleRegistry;
  /** The stages with only the slots whose code exists. */
  readonly stages: readonly { readonly name: string; readonly slots: readonly PlanSlot[] }[];
  readonly skipped: readonly SkippedSlot[];
}

export interface LoadPlanOptions {
  readonly file: string;
  /** The values of `${NAME}` references. */
  readonly variables: Readonly<Record<string, string | undefined>>;
  /** The repository checkout the entries are relative to. */
  readonly codeRoot: string;
}

function describeIssue(issue: ZodIssue): string {
  return `${issue.path.length === 0 ? '(top level)' : issue.path.join('.')}: ${issue.message}`;
}

function parseFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PlanError(file, [`cannot be read: ${error instanceof Error ? error.message : String(error)}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PlanError(file, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

/** Problems no schema sees: names used twice, unknown services, a database or a port taken twice. */
function crossCheck(plan: Plan, registry: BundleRegistry, codeRoot: string) {
  const problems: string[] = [];
  const skipped: SkippedSlot[] = [];
  const seenSlots = new Set<string>();
  const databases = new Map<string, string>();
  const ports = new Map<string, string>();
  const stages = plan.stages.map((stage, stageIndex) => {
    const slots = stage.slots.filter((slot, slotIndex) => {
      const where = `stages.${stageIndex}.slots.${slotIndex}`;
      const { service, config } = slot.bundle;
      if (seenSlots.has(slot.name)) problems.push(`${where}.name: the slot name ${slot.name} is used twice`);
      seenSlots.add(slot.name);
      if (registry.definition(service) === undefined) {
        problems.push(
          `${where}.bundle.service: unknown service "${service}" (add it under "services" with its entry)`,
        );
        return false;
      }
      if (!registry.isInstalled(service)) {
        if (Object.hasOwn(plan.services, service)) {
          problems.push(`services.${service}.entry: ${plan.services[service]?.entry ?? ''} does not exist`);
        } else {
          skipped.push({ slot: slot.name, service });
        }
        return false;
      }
      const definition = registry.definition(service);
      const directory = embeddedDatabaseDirectory(
        service,
        config,
        codeRoot,
        definition?.embeddedDatabase ?? false,
      );
      if (directory !== undefined) {
        const holder = databases.get(directory);
        if (holder !== undefined) {
          problems.push(
            `${where}: slots ${holder} and ${slot.name} would both open the embedded database in ${directory}, ` +
              'but an embedded PGlite directory can be opened by one process only; give each slot its own ' +
              `DATA_DIR or run ${service} on PostgreSQL`,
          );
        }
        databases.set(directory, slot.name);
      }
      const port = config.PORT;
      if (port !== undefined && port !== '0') {
        const holder = ports.get(port);
        if (holder !== undefined)
          problems.push(`${where}.bundle.config.PORT: port ${port} is taken by slot ${holder}`);
        ports.set(port, slot.name);
      }
      return true;
    });
    return { name: stage.name, slots };
  });
  return { problems, skipped, stages };
}

/**
 * Reads a plan, replaces its variables, checks its shape, then checks it as a whole; throws
 * one `PlanError` with every problem, so that nothing is started from a plan that cannot run.
 *
 * @example const loaded = loadPlan({ file: 'deploy/plans/local.json', variables, codeRoot });
 */
export function loadPlan(options: LoadPlanOptions): LoadedPlan {
  const raw = parseFile(options.file);
  const substituted = substituteVariables(raw, options.variables);
  const parsed = PlanSchema.safeParse(substituted.value);
  const shapeProblems = [
    ...substituted.problems,
    ...(parsed.success ? [] : parsed.error.issues.map(describeIssue)),
  ];
  if (!parsed.success || shapeProblems.length > 0) throw new PlanError(options.file, shapeProblems);
  const plan = parsed.data;
  const registry = new BundleRegistry({ codeRoot: options.codeRoot, services: plan.services });
  const { problems, skipped, stages } = crossCheck(plan, registry, options.codeRoot);
  if (problems.length > 0) throw new PlanError(options.file, problems);
  return { plan, registry, stages, skipped };
}
