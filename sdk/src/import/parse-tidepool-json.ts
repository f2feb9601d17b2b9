/** parseTidepoolJson: a Tidepool JSON export (an array of datums) checked against the contract's schemas. */
import { DatumSchema } from '@tidepool/spec';
import type { Datum } from '@tidepool/spec';
import { DeviceFileError } from './device-file.js';
import type { DeviceFile, SkippedLine } from './device-file.js';

/**
 * Fields a server adds when it stores a datum (this platform's `id` and `createdTime`, and the
 * bookkeeping of Tidepool's own exports). They are dropped: the server sets them again.
 */
const SERVER_FIELDS = [
  'id',
  '_id',
  'createdTime',
  'modifiedTime',
  'createdUserId',
  'modifiedUserId',
  'revision',
  '_userId',
  '_groupId',
  '_active',
  '_schemaVersion',
  '_version',
  '_deduplicator',
];

function withoutServerFields(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const field of SERVER_FIELDS) Reflect.deleteProperty(copy, field);
  return copy;
}

function reasonOf(issues: readonly { path: (string | number)[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'datum'}: ${issue.message}`);
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}

/**
 * Reads a Tidepool JSON export: an array of datums (or one datum), such as `GET /data/:userid`
 * answers or Tidepool's own export writes. Each item is checked with the contract's
 * `DatumSchema`; an invalid item is skipped with its reason (`line` is its 1-based position in
 * the array) and the rest are kept. Upload records come first in `data`, so that they travel
 * with the first batch; `upload` is not set, as the file carries its own.
 *
 * @example
 * const file = parseTidepoolJson(await readFile('export.json', 'utf8'));
 * @throws DeviceFileError when the text is not JSON, or not an array or object.
 */
export function parseTidepoolJson(text: string): DeviceFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DeviceFileError(`Not a JSON file: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (!Array.isArray(parsed) && (typeof parsed !== 'object' || parsed === null)) {
    throw new DeviceFileError('Not a Tidepool JSON export: expected an array of data.');
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const uploads: Datum[] = [];
  const data: Datum[] = [];
  const skipped: SkippedLine[] = [];
  items.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      skipped.push({ line: index + 1, reason: 'not an object' });
      return;
    }
    const checked = DatumSchema.safeParse(withoutServerFields(item as Record<string, unknown>));
    if (!checked.success) {
      skipped.push({ line: index + 1, reason: reasonOf(checked.error.issues) });
      return;
    }
    (checked.data.type === 'upload' ? uploads : data).push(checked.data);
  });
  return { data: [...uploads, ...data], skipped };
}
