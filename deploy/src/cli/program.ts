/** The `shio` command line (commander): servers, slots, slot verbs and rolling deploys (DESIGN.md §8). */
import { Command, CommanderError } from 'commander';
import { OperationError, UsageError } from './cli-errors.js';
import { collect, createCommandContext, LOCAL_COORDINATORS, type ShioIo } from './command-context.js';
import { addDeployCommand } from './deploy-command.js';
import { addShowCommands } from './show-commands.js';
import { addSlotCommands } from './slot-commands.js';

export type { ShioIo } from './command-context.js';

/** Builds the `shio` program, writing to the given output. */
export function createShioProgram(io: ShioIo): Command {
  const program = new Command('shio')
    .description('Servers, slots and rolling deploys of the Tidepool platform (shio).')
    .option(
      '--hakken <coordinators>',
      `hakken coordinators, host:port separated by commas (default HAKKEN_COORDINATORS or ${LOCAL_COORDINATORS})`,
    )
    .option('--agent <url>', 'talk to this agent instead of asking hakken (repeatable)', collect)
    .option(
      '--secret-file <file>',
      'read SERVER_SECRET from this JSON file when the variable is not set (default <DATA_DIR>/secrets.json)',
    )
    .option('--json', 'print JSON for scripts instead of tables')
    .exitOverride()
    .configureOutput({ writeOut: io.writeOut, writeErr: io.writeErr })
    .addHelpText('after', '\nExit codes: 0 done, 1 the operation failed, 2 bad arguments.');
  const context = createCommandContext(io);
  addShowCommands(program, context);
  addSlotCommands(program, context);
  addDeployCommand(program, context);
  return program;
}

/**
 * Runs `shio` with the arguments after the program name; resolves with the exit code: 0 done,
 * 1 the operation failed, 2 bad arguments (commander's own messages included).
 *
 * @example process.exitCode = await runShio(process.argv.slice(2), { writeOut, writeErr, environment, codeRoot });
 */
export async function runShio(argv: readonly string[], io: ShioIo): Promise<number> {
  try {
    await createShioProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof OperationError) {
      io.writeErr(`shio: ${error.message}\n`);
      return error.exitCode;
    }
    io.writeErr(`shio: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
