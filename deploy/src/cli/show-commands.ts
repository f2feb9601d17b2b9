/** `shio servers show` and `shio slots show`: what runs where, as aligned columns or JSON. */
import type { Command } from 'commander';
import type { Slot } from '@tidepool/spec';
import { expectSuccess, type AgentHandle } from './agent-client.js';
import type { CommandContext } from './command-context.js';
import { formatTable } from './table.js';

export const SLOT_HEADERS = [
  'SERVER',
  'MACHINE',
  'SLOT',
  'STATE',
  'SERVICE',
  'VERSION',
  'PID',
  'RESTARTS',
  'STARTED',
];

/** One row of the slots table. */
export function slotRow(agent: AgentHandle, slot: Slot): string[] {
  return [
    agent.name,
    agent.machine,
    slot.name,
    slot.state,
    slot.bundle?.service ?? '-',
    slot.bundle?.version ?? '-',
    slot.pid === undefined ? '-' : String(slot.pid),
    String(slot.restarts),
    slot.startedTime ?? '-',
  ];
}

export function addShowCommands(program: Command, context: CommandContext): void {
  program
    .command('servers')
    .description('the servers (agents) of the platform')
    .command('show')
    .description('list the servers, their machines and how many slots run')
    .option('--machine <name>', 'only this machine (or server name)')
    .action(async (_options: unknown, command: Command) => {
      const agents = await context.agents(command);
      const servers = await Promise.all(
        agents.map((agent) => expectSuccess(agent, agent.client.getServer())),
      );
      context.print(command, servers, () =>
        formatTable(
          ['SERVER', 'MACHINE', 'HOST', 'SLOTS', 'RUNNING'],
          servers.map((server) => [
            server.name,
            server.machine,
            server.host,
            String(server.slots.length),
            String(server.slots.filter((slot) => slot.state === 'RUNNING').length),
          ]),
        ),
      );
    });

  program
    .command('slots')
    .description('the slots of the servers')
    .command('show')
    .description('list slots with their state, bundle and process')
    .option('--machine <name>', 'only this machine (or server name)')
    .option('--slot <name>', 'only slots whose name starts with this')
    .action(async (options: { slot?: string }, command: Command) => {
      const agents = await context.agents(command);
      const query = options.slot === undefined ? {} : { slot: options.slot };
      const listed = await Promise.all(
        agents.map(async (agent) => ({
          agent,
          slots: await expectSuccess(agent, agent.client.listSlots({ query })),
        })),
      );
      const rows = listed.flatMap(({ agent, slots }) => slots.map((slot) => ({ agent, slot })));
      context.print(
        command,
        rows.map(({ agent, slot }) => ({ server: agent.name, machine: agent.machine, ...slot })),
        () =>
          formatTable(
            SLOT_HEADERS,
            rows.map(({ agent, slot }) => slotRow(agent, slot)),
          ),
      );
    });
}
