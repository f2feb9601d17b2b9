/** The options of `npm start`, parsed with commander; bad ones are a usage error (exit code 2). */
import { isAbsolute, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;

export interface StartOptions {
  readonly planFile: string;
  readonly dataDirectory: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly startTimeoutMilliseconds: number;
}

/** The result of reading the command line: options to run with, or an exit (help shown, or a usage error). */
export type StartCommandResult =
  { readonly kind: 'run'; readonly options: StartOptions } | { readonly kind: 'exit'; readonly code: number };

const HELP_AFTER = `
The plan puts every component into slots of an in-process shio agent: two hakken
coordinators, every service that exists (each on an embedded database under the data
directory), and styx, the one public listener. The secrets and deploy salts are made once
into <data>/secrets.json (mode 0600) and reused; the data of one start is found by the next.

Variables a plan may use as \${NAME} or \${NAME:-default} (the default plan's defaults):
  PORT             styx's public port (8009)
  STYX_ADMIN_PORT  styx's private /metrics and /status port (8010)
  HAKKEN_PORT_1    the first hakken coordinator (8101)
  HAKKEN_PORT_2    the second hakken coordinator (8102)
  SHIO_AGENT_PORT  the agent's own port (0: any free one)
  DATA_DIR         the data directory (.data)
  LOG_LEVEL        every slot's log level, and the agent's unless --log-level says
                   otherwise (info; debug adds heartbeats and health checks)
  SERVER_SECRET and each *_SALT_DEPLOY come from <data>/secrets.json.

Exit codes: 0 after a stop by Ctrl-C or SIGTERM, 1 when something did not start,
2 for a bad option or a bad plan (nothing was started).

Examples:
  npm start
  PORT=9009 DATA_DIR=/tmp/tidepool npm start
  npm start -- --plan my-plan.json --log-level warn`;

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new InvalidArgumentError('Expected a whole number of seconds above 0.');
  return value;
}

/**
 * Reads `npm start`'s arguments. Relative paths are taken from where the command was typed
 * (npm's INIT_CWD), the defaults from the repository.
 */
export function parseStartCommand(
  argv: readonly string[],
  context: {
    readonly codeRoot: string;
    readonly workingDirectory: string;
    readonly environment: NodeJS.ProcessEnv;
  },
  output: { readonly writeOut: (text: string) => void; readonly writeErr: (text: string) => void },
): StartCommandResult {
  const fromHere = (path: string) => (isAbsolute(path) ? path : resolve(context.workingDirectory, path));
  const levelVariable = context.environment.LOG_LEVEL;
  const defaultLevel = LOG_LEVELS.find((level) => level === (levelVariable || 'info'));
  if (defaultLevel === undefined) {
    output.writeErr(`error: LOG_LEVEL '${levelVariable}' is not one of ${LOG_LEVELS.join(', ')}.\n`);
    return { kind: 'exit', code: 2 };
  }
  const program = new Command('npm start')
    .description('Start the whole Tidepool platform on this machine, as it runs in production.')
    .option('--plan <file>', 'the plan to run', 'deploy/plans/local.json')
    .option('--data-dir <directory>', 'where secrets and databases live (default: DATA_DIR or .data)')
    .addOption(
      new Option('--log-level <level>', 'the agent’s log level; slot output is forwarded at its own level')
        .choices(LOG_LEVELS)
        .default(defaultLevel, 'LOG_LEVEL or info'),
    )
    .option(
      '--start-timeout <seconds>',
      'how long each stage (and each slot in it) may take to answer its health checks',
      positiveInteger,
      180,
    )
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', HELP_AFTER)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput(output);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return { kind: 'exit', code: error.exitCode === 0 ? 0 : 2 };
    }
    throw error;
  }
  const given = program.opts<{
    plan: string;
    dataDir?: string;
    logLevel: StartOptions['logLevel'];
    startTimeout: number;
  }>();
  const planFile =
    given.plan === 'deploy/plans/local.json' ? resolve(context.codeRoot, given.plan) : fromHere(given.plan);
  const dataOption = given.dataDir ?? context.environment.DATA_DIR;
  const dataDirectory =
    dataOption === undefined || dataOption === '' ? resolve(context.codeRoot, '.data') : fromHere(dataOption);
  return {
    kind: 'run',
    options: {
      planFile,
      dataDirectory,
      logLevel: given.logLevel,
      startTimeoutMilliseconds: given.startTimeout * 1000,
    },
  };
}
