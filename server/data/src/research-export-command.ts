/**
 * `npm run -w @tidepool/data export-research -- --out <file>`: writes the research export
 * (JSON lines of de-identified readings by anonymous subject) from the data database, with
 * DATA_SALT_DEPLOY and the database variables of the service. On the embedded database, stop
 * the service first (its directory is locked to one process).
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  createLogger,
  databaseConfigShape,
  databaseLocation,
  LOG_LEVELS,
  loadConfigOrExit,
  openDatabase,
} from '@tidepool/kit';
import { DataSaltSchema } from './config.js';
import { schema } from './db/schema.js';
import { exportResearchData } from './research/research-export.js';

const ExportConfigSchema = z.object({
  ...databaseConfigShape('data'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATA_SALT_DEPLOY: DataSaltSchema,
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (values.out === undefined) {
  process.stderr.write('Usage: export-research --out <file>\n');
  process.exit(2);
}
const config = loadConfigOrExit(ExportConfigSchema);
const logger = createLogger({ service: 'data-research-export', level: config.LOG_LEVEL });
const database = await openDatabase({
  service: 'data',
  ...databaseLocation('data', config),
  dataDir: config.DATA_DIR,
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  logger,
});
try {
  // Readable by its owner only: de-identified is not public.
  const output = createWriteStream(values.out, { mode: 0o600 });
  const result = await exportResearchData({ db: database.db, ring: config.DATA_SALT_DEPLOY, output });
  output.end();
  await finished(output);
  logger.info(result, 'research export written');
} finally {
  await database.close();
}
