/** The report an import prints: what was stored, duplicated, rejected and skipped, and why. */
import type { SkippedLine, UploadTotals } from '@tidepool/sdk';
import type { DeviceFileFormat } from './read-device-file.js';

const MOST_REASONS = 20;
const MOST_LINES_PER_REASON = 10;

/** Skipped lines grouped by reason, the most frequent first, with their first line numbers. */
function skippedSection(skipped: readonly SkippedLine[], format: DeviceFileFormat): string[] {
  if (skipped.length === 0) return [];
  const unit = format === 'clarity-csv' ? 'line' : 'item';
  const byReason = new Map<string, number[]>();
  for (const { line, reason } of skipped) byReason.set(reason, [...(byReason.get(reason) ?? []), line]);
  const groups = [...byReason].sort((first, second) => second[1].length - first[1].length);
  const lines = [`Skipped ${unit}s:`];
  for (const [reason, numbers] of groups.slice(0, MOST_REASONS)) {
    const shown = numbers.slice(0, MOST_LINES_PER_REASON).join(', ');
    const more =
      numbers.length > MOST_LINES_PER_REASON ? ` and ${numbers.length - MOST_LINES_PER_REASON} more` : '';
    lines.push(`  ${reason} (${numbers.length === 1 ? unit : `${numbers.length} ${unit}s`} ${shown}${more})`);
  }
  if (groups.length > MOST_REASONS) lines.push(`  … and ${groups.length - MOST_REASONS} other reasons`);
  return lines;
}

function rejectedSection(totals: UploadTotals): string[] {
  if (totals.rejectedBatches.length === 0) return [];
  const lines = ['Rejected batches (nothing of these was stored):'];
  for (const batch of totals.rejectedBatches) {
    const last = batch.firstItem + batch.itemCount - 1;
    const request = batch.requestId === undefined ? '' : ` [request ${batch.requestId}]`;
    lines.push(
      `  batch ${batch.batch}, items ${batch.firstItem}–${last}: ${batch.status} ${batch.code}: ${batch.message}${request}`,
    );
    for (const error of batch.errors.slice(0, MOST_REASONS))
      lines.push(`    item ${error.path}: ${error.message}`);
  }
  return lines;
}

/** The whole report as lines of text; `interruption` says why the upload stopped early, if it did. */
export function formatImportReport(
  totals: UploadTotals,
  skipped: readonly SkippedLine[],
  format: DeviceFileFormat,
  interruption?: string,
): string {
  const unit = format === 'clarity-csv' ? 'lines' : 'items';
  const lines = [
    interruption === undefined ? 'Import finished.' : `Import stopped: ${interruption}`,
    `  stored      ${totals.stored}`,
    `  duplicates  ${totals.duplicates}`,
    `  rejected    ${totals.rejected}`,
    `  skipped     ${skipped.length} ${unit}`,
    ...skippedSection(skipped, format),
    ...rejectedSection(totals),
  ];
  if (interruption !== undefined)
    lines.push('Running the same command again is safe: what was stored counts as duplicates.');
  return `${lines.join('\n')}\n`;
}
