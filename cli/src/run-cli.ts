/** The `tidepool` program: its commands and options (commander), and the exit code each outcome gives. */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { EXIT_CODES, UsageError } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { DEFAULT_PLATFORM_URL, runImport } from './import/run-import.js';
import { DEFAULT_CLARITY_SAMPLE } from './sample/clarity-sample.js';
import { runClaritySample } from './sample/run-clarity-sample.js';

function wholeNumber(minimum: number, maximum: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < minimum || value > maximum) {
      throw new InvalidArgumentError(`Expected a whole number from ${minimum} to ${maximum}.`);
    }
    return value;
  };
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('tidepool')
    .description('Tidepool platform tools: import device files, generate sample files.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();

  program
    .command('import')
    .description('Upload a Dexcom Clarity CSV export or a Tidepool JSON export; safe to run again.')
    .argument('<file>', 'a .csv (Dexcom Clarity) or .json (Tidepool) file')
    .option(
      '--url <url>',
      `the platform, as styx serves it; default $TIDEPOOL_URL, else ${DEFAULT_PLATFORM_URL}`,
    )
    .requiredOption('--email <email>', 'the account to log in with')
    .option(
      '--password <password>',
      'the password; default $TIDEPOOL_PASSWORD (safer: others on this machine can see arguments)',
    )
    .option('--for <userid>', 'upload to this user (needs upload permission); default the account itself')
    .option(
      '--timezone <zone>',
      'IANA zone of the device clock for CSV files, e.g. Europe/Paris (default this computer’s)',
    )
    .option('--batch-size <count>', 'data per request, 1–10000', wholeNumber(1, 10_000), 1000)
    .option('--concurrency <count>', 'requests in flight at once, 1–8', wholeNumber(1, 8), 2)
    .action(async (file: string, options: Parameters<typeof runImport>[1]) => {
      setExitCode(await runImport(file, options, io));
    });

  const sample = program
    .command('sample')
    .description('Generate realistic, deterministic sample device files.');
  sample
    .command('clarity')
    .description('A Dexcom Clarity CSV export of 5-minute readings, meals, insulin, lows and highs.')
    .option('--days <count>', 'days of data', wholeNumber(1, 366), DEFAULT_CLARITY_SAMPLE.days)
    .option(
      '--seed <number>',
      'the same seed gives the same file',
      wholeNumber(0, 2 ** 32 - 1),
      DEFAULT_CLARITY_SAMPLE.seed,
    )
    .option('--start <date>', 'first day, YYYY-MM-DD', DEFAULT_CLARITY_SAMPLE.start)
    .option('--timezone <zone>', 'IANA zone of the device clock', DEFAULT_CLARITY_SAMPLE.timezone)
    .option('--out <file>', 'where to write it (default standard output)')
    .action(async (options: Parameters<typeof runClaritySample>[0]) => {
      setExitCode(await runClaritySample(options, io));
    });
  return program;
}

/**
 * Runs the `tidepool` command with its arguments (without `node` and the script) and answers
 * the exit code: 0 done, 1 the work failed, 2 the command was wrong (see {@link EXIT_CODES}).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    if (error instanceof UsageError) {
      io.stderr.write(`tidepool: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    io.stderr.write(`tidepool: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.failed;
  }
}
