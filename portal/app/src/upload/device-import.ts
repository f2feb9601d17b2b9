/** Reading a device file in the browser with the SDK's parsers, and uploading it in batches with progress. */
import {
  deviceFileContents,
  DeviceFileError,
  parseClarityCsv,
  parseTidepoolJson,
  uploadInBatches,
  UploadInterruptedError,
  type DeviceFile,
  type TidepoolClient,
  type UploadTotals,
} from '@tidepool/sdk';
import type { ProblemView } from '../forms/problem-view.js';
import type { UploadReport } from './upload-report.js';

/** The kinds of file the upload page reads. */
export type DeviceFileKind = 'clarity-csv' | 'tidepool-json';

/**
 * The kind of a file, by its name and else by its first character: a Tidepool export is a JSON
 * array, anything else is taken for a Clarity CSV export (whose parser says when it is not).
 */
export function deviceFileKind(name: string, text: string): DeviceFileKind {
  if (/\.json$/i.test(name)) return 'tidepool-json';
  if (/\.csv$/i.test(name)) return 'clarity-csv';
  return /^\s*[[{]/.test(text) ? 'tidepool-json' : 'clarity-csv';
}

/**
 * Parses a device file; Clarity times are local device times, read in `timeZone`.
 *
 * @throws DeviceFileError when nothing of the file can be read (not CSV, no Clarity header, not JSON).
 */
export function parseDeviceFile(kind: DeviceFileKind, text: string, timeZone: string): DeviceFile {
  return kind === 'tidepool-json' ? parseTidepoolJson(text) : parseClarityCsv(text, { timezone: timeZone });
}

export { DeviceFileError, UploadInterruptedError };

/**
 * Said after an upload that stopped early. It is true because the data service stores each
 * datum once: sending the whole file again stores only what is missing.
 */
export const RESUME_HINT =
  'What was stored stays stored. Upload the same file again to send the rest: records already there are recognised and not stored twice.';

/** The problem of an upload that stopped early (why, from the platform), with how to finish it. */
export function interruptedUploadProblem(cause: ProblemView): ProblemView {
  return { ...cause, detail: cause.detail === undefined ? RESUME_HINT : `${cause.detail} ${RESUME_HINT}` };
}

export interface UploadProgress {
  /** Records sent so far (the upload record counts), out of `total`. */
  readonly sent: number;
  readonly total: number;
}

/** The report of what an upload did, with the refused batches in words. */
export function uploadReport(totals: UploadTotals, file: DeviceFile): UploadReport {
  return {
    contents: deviceFileContents(file).map((entry) => entry.text),
    stored: totals.stored,
    duplicates: totals.duplicates,
    rejected: totals.rejected,
    skipped: file.skipped,
    failures: totals.rejectedBatches.map((batch) => {
      const fields = batch.errors
        .slice(0, 3)
        .map((error) => `${error.path}: ${error.message}`)
        .join('; ');
      return `Batch ${batch.batch} (${batch.itemCount} records): ${batch.message}${fields === '' ? '' : ` (${fields})`}`;
    }),
  };
}

/**
 * Batches in flight at once after the first, as the `tidepool import` command sends them: the
 * platform stores one while the next is on its way, so a file goes up sooner than one at a time.
 */
export const UPLOAD_CONCURRENCY = 2;

/**
 * Uploads the parsed file to the data of `userid`, `UPLOAD_CONCURRENCY` batches at a time after
 * the first, reporting progress after each batch; a batch the data service refuses is counted
 * as rejected and the others go on.
 *
 * @throws UploadInterruptedError when the upload stops early (session, permission, network,
 * cancel): its `totals` say what was stored before, and its `cause` is the SDK error.
 */
export async function uploadDeviceFile(
  client: TidepoolClient,
  userid: string,
  file: DeviceFile,
  options: { readonly onProgress: (progress: UploadProgress) => void; readonly signal: AbortSignal },
): Promise<UploadReport> {
  const totals = await uploadInBatches(client, userid, file, {
    concurrency: UPLOAD_CONCURRENCY,
    signal: options.signal,
    onProgress: (progress) => {
      options.onProgress({ sent: progress.sent, total: progress.total });
    },
  });
  return uploadReport(totals, file);
}
