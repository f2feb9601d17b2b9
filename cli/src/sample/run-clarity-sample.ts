/** `tidepool sample clarity`: writes a generated Clarity export to a file or standard output. */
import { writeFile } from 'node:fs/promises';
import { EXIT_CODES, UsageError } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import { generateClaritySample } from './clarity-sample.js';
import type { ClaritySampleOptions } from './clarity-sample.js';

/** The options of `tidepool sample clarity`, as commander hands them over. */
export interface SampleCommandOptions extends ClaritySampleOptions {
  readonly out?: string;
}

function checkOptions(options: SampleCommandOptions): void {
  const start = new Date(`${options.start}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(options.start) ||
    Number.isNaN(start.getTime()) ||
    start.toISOString().slice(0, 10) !== options.start
  ) {
    throw new UsageError(`--start ${JSON.stringify(options.start)} is not a date YYYY-MM-DD.`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: options.timezone });
  } catch {
    throw new UsageError(
      `--timezone ${JSON.stringify(options.timezone)} is not an IANA time zone such as Europe/Paris.`,
    );
  }
}

/** Generates the sample and answers the exit code. */
export async function runClaritySample(options: SampleCommandOptions, io: CliIo): Promise<number> {
  checkOptions(options);
  const text = generateClaritySample(options);
  if (options.out === undefined) {
    io.stdout.write(text);
    return EXIT_CODES.ok;
  }
  try {
    await writeFile(options.out, text);
  } catch (error) {
    throw new UsageError(`Cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  io.stderr.write(`Wrote ${options.days} days of Clarity data to ${options.out}.\n`);
  return EXIT_CODES.ok;
}
