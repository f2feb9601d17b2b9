/** `tidepool import`: log in with the SDK, parse the file, upload it in batches with progress, print the report. */
import {
  createClient,
  deviceFileContents,
  TidepoolError,
  uploadInBatches,
  UploadInterruptedError,
} from '@tidepool/sdk';
import type { TidepoolClient, UploadTotals } from '@tidepool/sdk';
import { EXIT_CODES, UsageError } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import { formatImportReport } from './import-report.js';
import { createProgressDisplay } from './progress-display.js';
import { readDeviceFile } from './read-device-file.js';

/** Where `npm start` serves the platform: the URL when neither `--url` nor `TIDEPOOL_URL` names one. */
export const DEFAULT_PLATFORM_URL = 'http://localhost:8009';

/** The options of `tidepool import`, as commander hands them over. */
export interface ImportCommandOptions {
  /** Default `TIDEPOOL_URL`, as the SDK's examples read it, else `DEFAULT_PLATFORM_URL`. */
  readonly url?: string;
  readonly email: string;
  readonly password?: string;
  readonly for?: string;
  readonly timezone?: string;
  readonly batchSize: number;
  /** Batches in flight at once after the first (`uploadInBatches`' `concurrency`). */
  readonly concurrency: number;
}

/** A platform failure as one line: the problem's detail, its code and the request id to quote. */
function describeFailure(error: unknown): string {
  if (error instanceof UploadInterruptedError) return describeFailure(error.cause);
  if (!(error instanceof TidepoolError)) return error instanceof Error ? error.message : String(error);
  const request = error.requestId === undefined ? '' : `, request ${error.requestId}`;
  return `${error.message} (${error.status === 0 ? '' : `${error.status} `}${error.code}${request})`;
}

async function logIn(
  client: TidepoolClient,
  baseUrl: string,
  options: ImportCommandOptions,
  password: string,
) {
  try {
    return await client.login(options.email, password);
  } catch (error) {
    throw new Error(`Login to ${baseUrl} failed: ${describeFailure(error)}`, { cause: error });
  }
}

/** The platform's URL without a trailing `/`: `--url`, else `TIDEPOOL_URL`, else `DEFAULT_PLATFORM_URL`. */
function platformUrl(options: ImportCommandOptions, env: CliIo['env']): string {
  const fromEnv = env.TIDEPOOL_URL === '' ? undefined : env.TIDEPOOL_URL;
  const text = options.url ?? fromEnv ?? DEFAULT_PLATFORM_URL;
  try {
    return new URL(text).href.replace(/\/$/, '');
  } catch {
    const source = options.url === undefined ? 'TIDEPOOL_URL' : '--url';
    throw new UsageError(`${source} ${JSON.stringify(text)} is not a URL.`);
  }
}

/**
 * Runs an import and answers the exit code: 0 when every batch was stored or duplicate,
 * 1 when the login failed, a batch was rejected or the upload stopped early.
 */
export async function runImport(path: string, options: ImportCommandOptions, io: CliIo): Promise<number> {
  const password = options.password ?? io.env.TIDEPOOL_PASSWORD;
  if (password === undefined || password === '') {
    throw new UsageError('No password: set TIDEPOOL_PASSWORD (or pass --password).');
  }
  const baseUrl = platformUrl(options, io.env);
  const { format, file } = await readDeviceFile(path, options.timezone);
  const itemCount = file.data.length + (file.upload === undefined ? 0 : 1);
  const contents = deviceFileContents(file).map((entry) => entry.text);
  const skippedUnit = format === 'clarity-csv' ? 'line' : 'item';
  io.stdout.write(
    `Read ${path}: ${contents.length === 0 ? 'no data' : contents.join(', ')}; ` +
      `${file.skipped.length} ${file.skipped.length === 1 ? skippedUnit : `${skippedUnit}s`} skipped.\n`,
  );
  if (file.data.length === 0) {
    io.stderr.write(`tidepool: ${path} holds no data to upload.\n`);
    io.stdout.write(formatImportReport(emptyTotals(), file.skipped, format));
    return EXIT_CODES.failed;
  }

  const client = createClient({ baseUrl });
  const user = await logIn(client, baseUrl, options, password);
  const userid = options.for ?? user.userid;
  io.stdout.write(`Uploading ${itemCount} items to user ${userid} in batches of ${options.batchSize}.\n`);
  const progress = createProgressDisplay(io.stdout, itemCount);
  try {
    const totals = await uploadInBatches(client, userid, file, {
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      onProgress: (step) => {
        progress.update(step);
      },
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
    progress.stop();
    io.stdout.write(formatImportReport(totals, file.skipped, format));
    return totals.rejected > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  } catch (error) {
    progress.stop();
    if (!(error instanceof UploadInterruptedError)) throw error;
    const reason = describeFailure(error);
    io.stdout.write(formatImportReport(error.totals, file.skipped, format, reason));
    io.stderr.write(`tidepool: upload stopped: ${reason}\n`);
    return EXIT_CODES.failed;
  } finally {
    // Ends the session on the platform; an import that cannot log out has still finished.
    await client.logout().catch(() => undefined);
  }
}

function emptyTotals(): UploadTotals {
  return { stored: 0, duplicates: 0, rejected: 0, batches: 0, rejectedBatches: [] };
}
