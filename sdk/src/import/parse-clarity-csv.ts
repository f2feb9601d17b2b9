/** parseClarityCsv: a Dexcom Clarity CSV export as Tidepool data with its upload record. */
import { UploadDatumSchema } from '@tidepool/spec';
import type { Datum, UploadDatum } from '@tidepool/spec';
// papaparse: runs in browsers and Node alike without polyfills, and parses a year of readings in well under a second.
import Papa from 'papaparse';
import { cell, findClarityColumns } from './clarity-columns.js';
import { clarityDeviceId, clarityRowToDatum } from './clarity-row.js';
import { contentId } from './content-id.js';
import { DeviceFileError, SDK_IMPORT_CLIENT } from './device-file.js';
import type { DeviceFile, ImportClient, SkippedLine } from './device-file.js';
import { formatLocalDateTime, offsetMinutesAt, resolveTimeZone, wallClockMs } from './time-zone.js';

/** Options of {@link parseClarityCsv}. */
export interface ClarityCsvOptions {
  /**
   * The IANA time zone the device's clock showed (Clarity times carry no offset); default the
   * runtime's own zone.
   */
  readonly timezone?: string;
  /** The software named in the upload record; default the SDK's importer. */
  readonly client?: ImportClient;
}

/** A parsed Clarity export: always with its upload record. */
export interface ClarityFile extends DeviceFile {
  readonly upload: UploadDatum;
}

interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/**
 * The records of a CSV text with the line each starts on (a quoted field may span lines).
 * A record papaparse cannot read (an unclosed quote) is skipped with its reason.
 */
function readCsv(text: string, skipped: SkippedLine[]): CsvRecord[] {
  const records: CsvRecord[] = [];
  let counted = 0;
  let newlines = 0;
  const lineAt = (offset: number) => {
    for (; counted < offset; counted += 1) if (text.charCodeAt(counted) === 10) newlines += 1;
    return newlines + 1;
  };
  let previousCursor = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: true,
    step: ({ data, errors, meta }) => {
      let start = previousCursor;
      while (text[start] === '\r' || text[start] === '\n') start += 1;
      previousCursor = meta.cursor;
      const line = lineAt(start);
      const [error] = errors;
      if (error === undefined) records.push({ line, cells: data });
      else skipped.push({ line, reason: `malformed CSV: ${error.message}` });
    },
  });
  return records;
}

/**
 * Reads a Dexcom Clarity CSV export (mg/dL or mmol/L): EGV → `cbg`, Calibration → `smbg`,
 * Carbs → `food`, fast-acting Insulin → a `normal` bolus, long-acting Insulin → an `insulin`
 * injection (`formulation.simple.actingType: long`), Exercise → `physicalActivity`, Health →
 * `reportedState`. Clarity's `Low` and `High` become the
 * range's ends (40 and 400 mg/dL) with a `bg/out-of-range` annotation, as Tidepool stores them.
 *
 * - The rows without a timestamp (names, birth date, devices, alert settings) give the device
 *   model and nothing else: names are never read.
 * - Local times become UTC `time` and `timezoneOffset` in `options.timezone`, daylight saving
 *   included; in the hour repeated when clocks go back, the transmitter's clock tells which
 *   pass a reading belongs to.
 * - Every line that cannot be imported is in `skipped` with its reason; the rest is imported.
 * - Ids come from the content: the same file and time zone give the same `uploadId`, and the
 *   same reading the same `guid` in any export, so uploading again stores nothing new.
 *
 * @example
 * const file = parseClarityCsv(await blob.text(), { timezone: 'Europe/Paris' });
 * console.log(`${file.data.length} data, ${file.skipped.length} lines skipped`);
 * @throws DeviceFileError when the text is not a Clarity export; RangeError for an unknown time zone.
 */
export function parseClarityCsv(text: string, options: ClarityCsvOptions = {}): ClarityFile {
  const timeZone = resolveTimeZone(options.timezone);
  const client = options.client ?? SDK_IMPORT_CLIENT;
  const skipped: SkippedLine[] = [];
  const [header, ...rows] = readCsv(text.replace(/^\uFEFF/, ''), skipped);
  if (header === undefined) throw new DeviceFileError('Not a Dexcom Clarity CSV export: the file is empty.');
  const columns = findClarityColumns(header.cells);

  // Device rows (no timestamp) name the receiver or app; the first one names the upload.
  const deviceRow = rows.find(
    (row) => cell(row.cells, columns.timestamp) === '' && cell(row.cells, columns.eventType) === 'Device',
  );
  const deviceModel = (deviceRow && cell(deviceRow.cells, columns.deviceInfo)) || 'Dexcom CGM';
  const deviceSource = deviceRow && cell(deviceRow.cells, columns.sourceDeviceId);
  const uploadId = contentId('upid_', text, timeZone);
  const fallbackDeviceId = clarityDeviceId(deviceSource || 'Clarity');
  const context = { columns, timeZone, uploadId, fallbackDeviceId, anchors: new Map() };

  const data: Datum[] = [];
  const transmitters = new Set<string>();
  for (const row of rows) {
    if (cell(row.cells, columns.timestamp) === '') {
      const eventType = cell(row.cells, columns.eventType);
      if (/^(egv|calibration|carbs|insulin)$/i.test(eventType)) {
        skipped.push({ line: row.line, reason: `${eventType} without a timestamp` });
      }
      continue;
    }
    if (row.cells.length !== columns.count) {
      skipped.push({
        line: row.line,
        reason: `${row.cells.length} fields where the header has ${columns.count}`,
      });
      continue;
    }
    const outcome = clarityRowToDatum(row.cells, context);
    if ('skip' in outcome) {
      skipped.push({ line: row.line, reason: outcome.skip });
      continue;
    }
    data.push(outcome.datum);
    const transmitter = cell(row.cells, columns.transmitterId);
    if (transmitter !== '') transmitters.add(transmitter);
  }
  skipped.sort((first, second) => first.line - second.line);

  // The upload's time is that of its latest datum, not the clock's: a second run must build the
  // very same record for the server to count it as a duplicate.
  const latestMs = data.reduce((latest, datum) => Math.max(latest, Date.parse(datum.time)), 0);
  const uploadMs = data.length === 0 ? Date.now() : latestMs;
  const serialNumbers = [...transmitters].sort().join(', ');
  const upload = UploadDatumSchema.parse({
    type: 'upload',
    time: new Date(uploadMs).toISOString(),
    timezoneOffset: offsetMinutesAt(timeZone, uploadMs),
    deviceId: fallbackDeviceId,
    uploadId,
    guid: uploadId,
    deviceManufacturers: ['Dexcom'],
    deviceModel: deviceModel.slice(0, 128),
    ...(serialNumbers === '' ? {} : { deviceSerialNumber: serialNumbers.slice(0, 128) }),
    deviceTags: ['cgm'],
    timezone: timeZone,
    computerTime: formatLocalDateTime(wallClockMs(timeZone, uploadMs)),
    version: client.version,
    client: { name: client.name, version: client.version },
    timeProcessing: 'across-the-board-timezone',
  });
  return { upload, data, skipped };
}
