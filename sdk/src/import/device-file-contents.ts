/** What a parsed device file holds, type by type, in words for the person importing it. */
import { DATUM_TYPES, type DatumType } from '@tidepool/spec';
import type { DeviceFile } from './device-file.js';

/** Each type of datum as people call it: one, many. */
const TYPE_NAMES: Readonly<Record<DatumType, readonly [one: string, many: string]>> = {
  cbg: ['CGM reading', 'CGM readings'],
  smbg: ['meter reading', 'meter readings'],
  bloodKetone: ['ketone reading', 'ketone readings'],
  basal: ['basal segment', 'basal segments'],
  bolus: ['bolus', 'boluses'],
  insulin: ['injection', 'injections'],
  wizard: ['bolus calculation', 'bolus calculations'],
  food: ['food entry', 'food entries'],
  physicalActivity: ['activity', 'activities'],
  reportedState: ['reported state', 'reported states'],
  dosingDecision: ['dosing decision', 'dosing decisions'],
  controllerStatus: ['controller status', 'controller statuses'],
  pumpStatus: ['pump status', 'pump statuses'],
  alert: ['app alert', 'app alerts'],
  water: ['water entry', 'water entries'],
  deviceEvent: ['device event', 'device events'],
  pumpSettings: ['pump settings record', 'pump settings records'],
  cgmSettings: ['CGM settings record', 'CGM settings records'],
  controllerSettings: ['controller settings record', 'controller settings records'],
  upload: ['upload record', 'upload records'],
};

/** How many data of one type a file holds. */
export interface DeviceFileTypeCount {
  readonly type: DatumType;
  readonly count: number;
  /** `4,032 CGM readings`, `1 injection`. */
  readonly text: string;
}

/**
 * The types a parsed file holds, in the data model's order, with their counts: what the file
 * will send, its upload record included, so the counts add up to what the upload reports as
 * stored, duplicates and rejected.
 *
 * @example deviceFileContents(parseClarityCsv(text)).map((entry) => entry.text).join(', ')
 * // '4,032 CGM readings, 5 meter readings, 41 boluses, 14 injections, 42 food entries, 1 upload record'
 */
export function deviceFileContents(file: DeviceFile): DeviceFileTypeCount[] {
  const counts = new Map<DatumType, number>();
  for (const datum of file.upload === undefined ? file.data : [...file.data, file.upload]) {
    counts.set(datum.type, (counts.get(datum.type) ?? 0) + 1);
  }
  return DATUM_TYPES.flatMap((type) => {
    const count = counts.get(type);
    if (count === undefined) return [];
    const [one, many] = TYPE_NAMES[type];
    return [{ type, count, text: `${count.toLocaleString('en')} ${count === 1 ? one : many}` }];
  });
}
