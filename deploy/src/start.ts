/** `npm start`: the whole platform on this machine, in the slots of a local shio agent (DESIGN.md §2, §8). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalPlatform } from './local/local-platform.js';
import { parseStartCommand } from './local/start-command.js';

/** A second Ctrl-C this soon after the first is the same keypress seen twice (the terminal and npm both send it). */
const REPEATED_SIGNAL_MILLISECONDS = 2000;

const codeRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const command = parseStartCommand(
  process.argv.slice(2),
  { codeRoot, workingDirectory: process.env.INIT_CWD ?? process.cwd(), environment: process.env },
  { writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) },
);
if (command.kind === 'exit') process.exit(command.code);
const { options } = command;

// Loaded after the options are read, so that --help and a mistyped option answer at once.
const [{ pino }, { createLogger }, { prepareLocalPlatform }, { PlanError }] = await Promise.all([
  import('pino'),
  import('@tidepool/kit'),
  import('./local/local-platform.js'),
  import('./plan/load-plan.js'),
]);

// Synchronous, so that the lines and the printed URLs come out in order.
const logger = createLogger({
  service: 'shio',
  level: options.logLevel,
  destination: pino.destination({ dest: 1, sync: true }),
});

let platform: LocalPlatform;
try {
  platform = await prepareLocalPlatform({
    planFile: options.planFile,
    dataDirectory: options.dataDirectory,
    codeRoot,
    environment: process.env,
    logger,
    startTimeoutMilliseconds: options.startTimeoutMilliseconds,
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof PlanError ? 2 : 1);
}

const starting = new AbortController();
let firstSignalAt: number | undefined;
function onSignal(signal: NodeJS.Signals): void {
  if (firstSignalAt !== undefined) {
    if (Date.now() - firstSignalAt < REPEATED_SIGNAL_MILLISECONDS) return;
    logger.warn({ signal }, 'second signal: killing every slot at once');
    for (const slot of platform.agent.slots()) slot.kill();
    process.exit(1);
  }
  firstSignalAt = Date.now();
  logger.info({ signal }, 'stopping every slot');
  starting.abort();
  void platform.stop().then(
    () => {
      logger.info('stopped');
      process.stdout.write('Tidepool stopped: every slot’s process has exited.\n');
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'stop failed');
      process.exit(1);
    },
  );
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// `kill <npm's pid>` reaches npm, which passes it to the shell it runs this in, not to this
// process: when that parent is gone, stop as on a signal rather than run on unattended.
const parentPid = process.ppid;
const parentWatch = setInterval(() => {
  try {
    process.kill(parentPid, 0);
  } catch {
    clearInterval(parentWatch);
    onSignal('SIGHUP');
  }
}, 500);
parentWatch.unref();

try {
  await platform.start(starting.signal);
} catch (error) {
  if (!starting.signal.aborted) {
    process.stderr.write(
      `Tidepool did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await platform.stop();
    process.exit(1);
  }
}
if (!starting.signal.aborted) {
  const base = platform.plan.plan.publicUrl.replace(/\/+$/, '');
  process.stdout.write(
    [
      '',
      `Tidepool is running (plan ${options.planFile}, data in ${options.dataDirectory}):`,
      `  portal  ${base}/`,
      `  API     ${base}/   (/auth, /metadata, /access, /message, /data)`,
      `  docs    ${base}/docs`,
      `  agent   ${platform.agentUrl}   (node deploy/bin/shio.js slots show)`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
}
