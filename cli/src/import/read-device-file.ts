/** Reads a device file from disk and parses it with the SDK: Clarity CSV or Tidepool JSON, by extension or content. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DeviceFileError, parseClarityCsv, parseTidepoolJson } from '@tidepool/sdk';
import type { DeviceFile } from '@tidepool/sdk';
import { UsageError } from '../cli-io.js';

/** Which parser a file goes to. */
export type DeviceFileFormat = 'clarity-csv' | 'tidepool-json';

/** `.csv` and `.json` decide; any other name is sniffed (JSON starts with `[` or `{`). */
export function detectFormat(path: string, text: string): DeviceFileFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'clarity-csv';
  if (extension === '.json') return 'tidepool-json';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'tidepool-json' : 'clarity-csv';
}

/**
 * The parsed file and its format.
 *
 * @throws UsageError when the file cannot be read or parsed, or the time zone is unknown.
 */
export async function readDeviceFile(
  path: string,
  timezone: string | undefined,
): Promise<{ format: DeviceFileFormat; file: DeviceFile }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `Cannot read ${path}${code === 'ENOENT' ? ': no such file' : `: ${code ?? 'error'}`}.`,
    );
  }
  const format = detectFormat(path, text);
  try {
    const file =
      format === 'clarity-csv'
        ? parseClarityCsv(text, timezone === undefined ? {} : { timezone })
        : parseTidepoolJson(text);
    return { format, file };
  } catch (error) {
    if (error instanceof DeviceFileError || error instanceof RangeError) {
      throw new UsageError(`${path}: ${error.message}`);
    }
    throw error;
  }
}
