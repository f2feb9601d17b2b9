/** `shio deploy <service> --slots N`: the command around the rolling deploy. */
import { execFileSync } from 'node:child_process';
import type { Command } from 'commander';
import { readBundleConfig } from './bundle-config.js';
import { UsageError } from './cli-errors.js';
import { checkName, collect, wholeNumber, type CommandContext } from './command-context.js';
import { readListings } from './find-agents.js';
import { rollingDeploy } from './rolling-deploy.js';
import { formatTable } from './table.js';

/** The checkout's commit (`git-1a2b3c4`), or `local` outside git. */
function defaultVersion(codeRoot: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: codeRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return `git-${commit.trim()}`;
  } catch {
    return 'local';
  }
}

interface DeployOptions {
  readonly slots: number;
  readonly version?: string;
  readonly config?: string;
  readonly env: string[];
}

export function addDeployCommand(program: Command, context: CommandContext): void {
  program
    .command('deploy <service>')
    .description(
      'roll a new bundle over N slots of a service, one slot at a time (drain, stop, load, start, healthy, next)',
    )
    .requiredOption('--slots <count>', 'how many slots run the service when done', wholeNumber(1, 100))
    .option('--version <version>', 'the version of the code (default: the checkout’s git commit)')
    .option('--config <file>', 'a JSON object of environment variables for the bundle (keep secrets here)')
    .option('--env <NAME=value>', 'one environment variable (repeatable; wins over --config)', collect, [])
    .option('--machine <name>', 'only slots on this machine (or server name)')
    .action(async (service: string, options: DeployOptions, command: Command) => {
      checkName('service', service);
      const config = readBundleConfig(options.config, options.env);
      if (Object.keys(config).length === 0) {
        throw new UsageError(
          'Give the bundle’s configuration with --config FILE and/or --env NAME=value: agents never show a ' +
            'slot’s configuration, so a deploy cannot copy it.',
        );
      }
      const connection = context.connection(command);
      const deployed = await rollingDeploy({
        agents: await context.agents(command),
        bundle: { service, version: options.version ?? defaultVersion(context.io.codeRoot), config },
        slots: options.slots,
        // Agents given by URL: hakken is not asked, so the deploy waits for health checks only.
        ...(connection.agents.length === 0 && {
          readListings: () => readListings(connection.coordinators, service),
        }),
        report: (line) => {
          if (!context.isJson(command)) context.io.writeOut(`${line}\n`);
        },
      });
      context.print(command, deployed, () =>
        formatTable(
          ['SERVER', 'MACHINE', 'SLOT', 'WAS', 'NOW'],
          deployed.map((entry) => [
            entry.server,
            entry.machine,
            entry.slot,
            entry.previousVersion ?? '-',
            entry.version ?? '-',
          ]),
        ),
      );
    });
}
