/** What the device-file parsers answer, the error they throw on a file they cannot read, and the importer's name. */
import type { Datum, UploadDatum } from '@tidepool/spec';

/** A line (or item) of a device file that was not imported, and why. */
export interface SkippedLine {
  /** The 1-based line of a CSV file, or the 1-based position of an item in a JSON array. */
  readonly line: number;
  readonly reason: string;
}

/**
 * A parsed device file, ready for {@link uploadInBatches}: the `upload` record that groups
 * the data (when the parser makes one), the data, and what was left out.
 */
export interface DeviceFile {
  readonly upload?: UploadDatum | undefined;
  readonly data: Datum[];
  readonly skipped: SkippedLine[];
}

/** The software named in upload records, as Tidepool's `client` field and `version`. */
export interface ImportClient {
  readonly name: string;
  readonly version: string;
}

/** The SDK's own importer; the version follows the SDK's package version (a test checks it). */
export const SDK_IMPORT_CLIENT: ImportClient = { name: 'org.tidepool.sdk.import', version: '0.1.0' };

/**
 * A file the parsers cannot read at all (not CSV, no Clarity header, not JSON, not an array):
 * unlike a bad line, which is skipped and reported, nothing of it can be imported.
 */
export class DeviceFileError extends Error {
  override name = 'DeviceFileError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
