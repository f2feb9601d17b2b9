/** The embedded databases' cluster template, made once before the slots of `npm start` make their databases. */
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { hasEmbeddedCluster, preparePgliteClusterTemplate } from '@tidepool/kit';
import { embeddedDatabaseDirectory } from '../agent/embedded-database.js';
import type { LoadedPlan } from '../plan/load-plan.js';

/**
 * Making the template costs about one initdb, and each database copied from it next to
 * nothing (server/kit/src/db/pglite-cluster-template.ts): worth it from two new databases on.
 */
const NEW_DATABASES_WORTH_A_TEMPLATE = 2;

/** The DATA_DIR folders in which at least two of the plan's slots will make a new embedded database. */
export function dataDirectoriesWorthATemplate(plan: LoadedPlan, codeRoot: string): string[] {
  const newDatabases = new Map<string, number>();
  for (const slot of plan.stages.flatMap((stage) => stage.slots)) {
    const { service, config } = slot.bundle;
    const embedded = plan.registry.definition(service)?.embeddedDatabase ?? false;
    const directory = embeddedDatabaseDirectory(service, config, codeRoot, embedded);
    if (directory === undefined || hasEmbeddedCluster(directory)) continue;
    const dataDirectory = dirname(directory);
    newDatabases.set(dataDirectory, (newDatabases.get(dataDirectory) ?? 0) + 1);
  }
  return [...newDatabases]
    .filter(([, count]) => count >= NEW_DATABASES_WORTH_A_TEMPLATE)
    .map(([dataDirectory]) => dataDirectory);
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
