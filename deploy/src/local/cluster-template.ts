/** The embedded databases' cluster template, made once before the slots of `npm start` make their databases. */
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { hasEmbeddedCluster, preparePgliteClusterTemplate } from '@tidepool/kit';
import { embeddedDatabaseDirectory } from '../agent/embedded-database.js';
import type { LoadedPlan } from '../plan/load-plan.js';
import type { PlanSlot } from '../plan/plan-schema.js';
import type { PlanStage } from '../plan/run-plan.js';

/**
 * Making the template costs about one initdb, and each database copied from it next to
 * nothing (server/kit/src/db/pglite-cluster-template.ts): worth it from two new databases on.
 */
const NEW_DATABASES_WORTH_A_TEMPLATE = 2;

/** The DATA_DIR folder of each of these slots that will make a new embedded database, once per slot. */
function newDatabaseDataDirectories(
  plan: LoadedPlan,
  slots: readonly PlanSlot[],
  codeRoot: string,
): string[] {
  return slots.flatMap(({ bundle: { service, config } }) => {
    const embedded = plan.registry.definition(service)?.embeddedDatabase ?? false;
    const directory = embeddedDatabaseDirectory(service, config, codeRoot, embedded);
    return directory === undefined || hasEmbeddedCluster(directory) ? [] : [dirname(directory)];
  });
}

/** The DATA_DIR folders in which at least two of the plan's slots will make a new embedded database. */
export function dataDirectoriesWorthATemplate(plan: LoadedPlan, codeRoot: string): string[] {
  const newDatabases = new Map<string, number>();
  const slots = plan.stages.flatMap((stage) => stage.slots);
  for (const dataDirectory of newDatabaseDataDirectories(plan, slots, codeRoot))
    newDatabases.set(dataDirectory, (newDatabases.get(dataDirectory) ?? 0) + 1);
  return [...newDatabases]
    .filter(([, count]) => count >= NEW_DATABASES_WORTH_A_TEMPLATE)
    .map(([dataDirectory]) => dataDirectory);
}

/** Whether a slot of the stage will make a new embedded database (and so may copy the template). */
export function stageMakesNewDatabases(plan: LoadedPlan, stage: PlanStage, codeRoot: string): boolean {
  return newDatabaseDataDirectories(plan, stage.slots, codeRoot).length > 0;
}

/** Makes the template in each DATA_DIR where it saves time; the slots' first start then skips initdb. */
export async function prepareClusterTemplates(
  plan: LoadedPlan,
  codeRoot: string,
  logger: Logger,
): Promise<void> {
  for (const dataDirectory of dataDirectoriesWorthATemplate(plan, codeRoot)) {
    const started = performance.now();
    if (await preparePgliteClusterTemplate(dataDirectory)) {
      logger.info(
        { dataDirectory, durationMs: Math.round(performance.now() - started) },
        'made the embedded databases’ cluster template (once per data directory)',
      );
    }
  }
}
