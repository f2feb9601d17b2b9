/** Sample device data for tests: an upload record and CGM readings every five minutes. */
import type { Datum, UploadDatum } from '@tidepool/spec';

/** An `upload` record of a Dexcom G6, naming `uploadId`. */
export function uploadRecord(
  uploadId: string,
  deviceId = 'DexG6_SN4X72Q9',
  time = '2024-05-01T00:00:00Z',
): UploadDatum {
  return {
    type: 'upload',
    time,
    deviceId,
    uploadId,
    deviceManufacturers: ['Dexcom'],
    deviceModel: 'G6',
    deviceSerialNumber: 'SN4X72Q9',
    deviceTags: ['cgm'],
    timezone: 'Europe/Paris',
    computerTime: '2024-05-01T02:00:00',
    version: 'tidepool-import 1.0.0',
  };
}

/**
 * `count` CGM readings from `start`, five minutes apart, in mg/dL; the values cycle through
 * 70–249 so that every band of the summary has some.
 */
export function cgmReadings(options: {
  readonly count: number;
  readonly uploadId: string;
  readonly deviceId?: string;
  readonly start?: string;
}): Datum[] {
  const start = Date.parse(options.start ?? '2024-05-01T00:00:00Z');
  return Array.from({ length: options.count }, (_, index) => ({
    type: 'cbg' as const,
    time: new Date(start + index * 5 * 60 * 1000).toISOString(),
    deviceId: options.deviceId ?? 'DexG6_SN4X72Q9',
    uploadId: options.uploadId,
    units: 'mg/dL' as const,
    value: 70 + ((index * 7) % 180),
  }));
}
