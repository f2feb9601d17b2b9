/** The report of an upload: what was stored, duplicated, rejected and skipped, in sentences for people. */

/** The outcome of parsing and uploading one device file. */
export interface UploadReport {
  /** What the file holds, type by type, in words (`4,032 CGM readings`): the SDK's `deviceFileContents`. */
  readonly contents: readonly string[];
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Lines of the file not imported, with why. */
  readonly skipped: readonly { readonly line: number; readonly reason: string }[];
  /** The problems of batches the data service refused, as shown. */
  readonly failures: readonly string[];
}

/** How many lines of skipped reasons the page lists before summing up the rest. */
export const SKIPPED_LINES_SHOWN = 20;

function count(value: number, one: string, many: string): string {
  return `${value.toLocaleString('en')} ${value === 1 ? one : many}`;
}

/**
 * The report's lines: stored, duplicates (already there, skipped by the data service), rejected
 * by the data service, and lines of the file that were not data.
 *
 * @example reportLines({ contents: [], stored: 4032, duplicates: 0, rejected: 0, skipped: [], failures: [] })[0] // { label: 'Stored', value: '4,032 records' }
 */
export function reportLines(report: UploadReport): { label: string; value: string }[] {
  return [
    { label: 'Stored', value: count(report.stored, 'record', 'records') },
    { label: 'Already there (duplicates)', value: count(report.duplicates, 'record', 'records') },
    { label: 'Rejected by the platform', value: count(report.rejected, 'record', 'records') },
    { label: 'Lines of the file skipped', value: count(report.skipped.length, 'line', 'lines') },
  ];
}

/**
 * What the file held, as one sentence above the report's numbers.
 *
 * @example contentsText(report) // 'The file held 4,032 CGM readings, 41 boluses and 1 upload record.'
 */
export function contentsText(report: UploadReport): string {
  const { contents } = report;
  if (contents.length === 0) return 'The file held no data.';
  const last = contents.at(-1) ?? '';
  return `The file held ${contents.length === 1 ? last : `${contents.slice(0, -1).join(', ')} and ${last}`}.`;
}

/** The first skipped lines, and how many more there are. */
export function shownSkippedLines(report: UploadReport): {
  lines: UploadReport['skipped'];
  more: number;
} {
  return {
    lines: report.skipped.slice(0, SKIPPED_LINES_SHOWN),
    more: Math.max(0, report.skipped.length - SKIPPED_LINES_SHOWN),
  };
}

/** The progress of an upload as a sentence for the live region: `Uploaded 2,000 of 4,032 records`. */
export function progressText(sent: number, total: number): string {
  return `Uploaded ${sent.toLocaleString('en')} of ${count(total, 'record', 'records')}.`;
}
