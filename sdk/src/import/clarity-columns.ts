/** The columns of a Dexcom Clarity CSV export, found by their header names. */
import type { GlucoseUnits } from '@tidepool/spec';
import { DeviceFileError } from './device-file.js';

/**
 * Where each column we read sits in a row. `Patient Info` (names, birth date) is deliberately
 * absent: nothing of it is ever read.
 */
export interface ClarityColumns {
  readonly count: number;
  readonly timestamp: number;
  readonly eventType: number;
  readonly eventSubtype: number | undefined;
  readonly deviceInfo: number | undefined;
  readonly sourceDeviceId: number | undefined;
  readonly glucoseValue: number;
  readonly insulinValue: number | undefined;
  readonly carbValue: number | undefined;
  /** An exercise's `Duration (hh:mm:ss)`. */
  readonly duration: number | undefined;
  readonly rateOfChange: number | undefined;
  readonly transmitterTime: number | undefined;
  readonly transmitterId: number | undefined;
  /** From the glucose header: `Glucose Value (mg/dL)` or `Glucose Value (mmol/L)`. */
  readonly glucoseUnits: GlucoseUnits;
}

/**
 * Maps a header row to column positions. Names are matched by their start, since Clarity adds
 * the format or unit in parentheses (`Timestamp (YYYY-MM-DDThh:mm:ss)`).
 *
 * @throws DeviceFileError when a column needed for any reading is missing.
 */
export function findClarityColumns(header: readonly string[]): ClarityColumns {
  const names = header.map((name) => name.trim().toLowerCase());
  const find = (start: string) => {
    const index = names.findIndex((name) => name.startsWith(start));
    return index === -1 ? undefined : index;
  };
  const timestamp = find('timestamp');
  const eventType = find('event type');
  const glucoseValue = find('glucose value');
  const missing = [
    timestamp === undefined ? 'Timestamp' : undefined,
    eventType === undefined ? 'Event Type' : undefined,
    glucoseValue === undefined ? 'Glucose Value' : undefined,
  ].filter((name) => name !== undefined);
  if (timestamp === undefined || eventType === undefined || glucoseValue === undefined) {
    throw new DeviceFileError(
      `Not a Dexcom Clarity CSV export: the header has no ${missing.join(', ')} column.`,
    );
  }
  return {
    count: header.length,
    timestamp,
    eventType,
    eventSubtype: find('event subtype'),
    deviceInfo: find('device info'),
    sourceDeviceId: find('source device id'),
    glucoseValue,
    insulinValue: find('insulin value'),
    carbValue: find('carb value'),
    duration: find('duration'),
    rateOfChange: find('glucose rate of change'),
    transmitterTime: find('transmitter time'),
    transmitterId: find('transmitter id'),
    glucoseUnits: (names[glucoseValue] ?? '').includes('mmol') ? 'mmol/L' : 'mg/dL',
  };
}

/** The trimmed text of a cell, empty when the column is absent or the row is short. */
export function cell(row: readonly string[], column: number | undefined): string {
  return column === undefined ? '' : (row[column] ?? '').trim();
}
