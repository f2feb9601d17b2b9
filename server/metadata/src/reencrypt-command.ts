/**
 * `npm run reencrypt -w server/metadata [-- --limit 100]`: re-encrypts every metadata document
 * under the newest version of METADATA_SALT_DEPLOY while the service runs (DESIGN.md §6). Logs in
 * to user-api as a server with SERVER_SECRET and calls metadata's `POST /internal/reencrypt`
 * until nothing is left. metadata and user-api are found at METADATA_URL and USER_API_URL when
 * set, else through hakken (HAKKEN_COORDINATORS).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  commaListSchema,
  createLogger,
  createServiceClient,
  loadConfigOrExit,
  SERVER_SECRET_MIN_LENGTH,
} from '@tidepool/kit';
import { callDependency, connectPlatform, unexpectedAnswer } from '@tidepool/service-runtime';
import { metadataContract } from '@tidepool/spec';
import { reencryptUntilDone } from './reencryption/reencrypt-until-done.js';

const CommandConfigSchema = z.object({
  SERVER_SECRET: z.string({ required_error: 'is required' }).min(SERVER_SECRET_MIN_LENGTH),
  METADATA_URL: z.string().url().optional(),
  USER_API_URL: z.string().url().optional(),
  HAKKEN_COORDINATORS: commaListSchema,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

const { values } = parseArgs({ options: { limit: { type: 'string', default: '100' } } });
const limit = Number(values.limit);
if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
  process.stderr.write('--limit must be a whole number from 1 to 10000\n');
  process.exit(2);
}

const config = loadConfigOrExit(CommandConfigSchema);
const logger = createLogger({ service: 'metadata-reencrypt', level: config.LOG_LEVEL });
const serviceUrls = {
  ...(config.METADATA_URL === undefined ? {} : { metadata: config.METADATA_URL }),
  ...(config.USER_API_URL === undefined ? {} : { 'user-api': config.USER_API_URL }),
};
const platform = connectPlatform({
  service: 'metadata-reencrypt',
  config: { SERVER_SECRET: config.SERVER_SECRET, HAKKEN_COORDINATORS: config.HAKKEN_COORDINATORS },
  logger,
  ...(Object.keys(serviceUrls).length === 0 ? {} : { serviceUrls }),
});
const metadata = createServiceClient(metadataContract, {
  baseUrl: platform.locate('metadata'),
  tokens: platform.serverTokens,
});

try {
  const outcome = await reencryptUntilDone({
    limit,
    report: (line) => process.stdout.write(`${line}\n`),
    batch: async (batchLimit) => {
      const answer = await callDependency('metadata', () =>
        metadata.reencryptAll({ body: { limit: batchLimit } }),
      );
      if (answer.status !== 200) throw unexpectedAnswer('metadata', answer.status);
      return answer.body;
    },
  });
  process.stdout.write(
    outcome.remaining === 0
      ? `done: ${outcome.reencrypted} documents re-encrypted, none left under an older salt version\n`
      : `stopped: a whole pass moved nothing; ${outcome.remaining} documents under an older salt version ` +
          'belong to no account (users deleted before metadata took part in erasures)\n',
  );
  process.exitCode = 0;
} catch (error) {
  process.stderr.write(`re-encryption failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await platform.closer.close();
}
