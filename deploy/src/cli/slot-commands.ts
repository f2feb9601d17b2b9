/** `shio slot <verb> <slot>`: create, delete, load, unload, start, stop, drain, restart and logs of one slot. */
import type { Command } from 'commander';
import type { Slot } from '@tidepool/spec';
import { expectSuccess, type AgentHandle, type ShioClient } from './agent-client.js';
import { readBundleConfig } from './bundle-config.js';
import { OperationError, UsageError } from './cli-errors.js';
import { checkName, collect, wholeNumber, type CommandContext } from './command-context.js';
import { SLOT_HEADERS, slotRow } from './show-commands.js';
import { formatTable } from './table.js';

/** The one agent that has (or, for `create`, should get) the slot. */
async function agentForSlot(agents: AgentHandle[], slot: string, creating: boolean): Promise<AgentHandle> {
  if (agents.length === 1 && agents[0] !== undefined) return agents[0];
  if (creating)
    throw new UsageError(
      `There are ${agents.length} servers: give --machine to say where to create ${slot}.`,
    );
  const holders: AgentHandle[] = [];
  for (const agent of agents) {
    const slots = await expectSuccess(agent, agent.client.listSlots({ query: { slot } }));
    if (slots.some((candidate) => candidate.name === slot)) holders.push(agent);
  }
  const [only, ...others] = holders;
  if (only === undefined) throw new OperationError(`No server has a slot ${slot}.`);
  if (others.length > 0) {
    throw new UsageError(
      `Slot ${slot} exists on ${holders.map((agent) => agent.name).join(', ')}: give --machine.`,
    );
  }
  return only;
}

/** Every slot verb of the contract answers like `startSlot`: the slot, or a problem. */
type SlotCall = (agent: AgentHandle, slot: string) => ReturnType<ShioClient['startSlot']>;

/** The verbs that change a slot and answer it, with what they do. */
const VERBS: readonly (readonly [string, string, SlotCall])[] = [
  ['unload', 'empty a stopped slot', (agent, slot) => agent.client.unloadBundle({ params: { slot } })],
  ['start', 'start the loaded bundle', (agent, slot) => agent.client.startSlot({ params: { slot } })],
  [
    'stop',
    'stop the process (SIGTERM, then SIGKILL)',
    (agent, slot) => agent.client.stopSlot({ params: { slot } }),
  ],
  [
    'drain',
    'ask the process to drain before a stop',
    (agent, slot) => agent.client.drainSlot({ params: { slot } }),
  ],
  ['restart', 'stop and start again', (agent, slot) => agent.client.restartSlot({ params: { slot } })],
];

export function addSlotCommands(program: Command, context: CommandContext): void {
  const slotCommand = program.command('slot').description('act on one slot');
  const verb = (name: string, description: string) =>
    slotCommand
      .command(`${name} <slot>`)
      .description(description)
      .option('--machine <name>', 'the machine (or server name) of the slot');
  const findAgent = async (command: Command, slot: string, creating = false) =>
    agentForSlot(await context.agents(command), checkName('slot', slot), creating);
  const show = (command: Command, agent: AgentHandle, slot: Slot) => {
    context.print(command, { server: agent.name, machine: agent.machine, ...slot }, () =>
      formatTable(SLOT_HEADERS, [slotRow(agent, slot)]),
    );
  };

  verb('create', 'create an empty, stopped slot').action(
    async (slot: string, _options: unknown, command: Command) => {
      const agent = await findAgent(command, slot, true);
      show(command, agent, await expectSuccess(agent, agent.client.createSlot({ params: { slot } })));
    },
  );
  verb('delete', 'delete a stopped slot').action(
    async (slot: string, _options: unknown, command: Command) => {
      const agent = await findAgent(command, slot);
      await expectSuccess(agent, agent.client.deleteSlot({ params: { slot } }));
      context.print(command, { deleted: slot }, () => `deleted ${agent.name}/${slot}\n`);
    },
  );
  verb('load', 'load a bundle (service, version, configuration) into a slot')
    .requiredOption('--service <name>', 'the service to run')
    .requiredOption('--version <version>', 'the version of its code')
    .option('--config <file>', 'a JSON object of environment variables (keep secrets here)')
    .option('--env <NAME=value>', 'one environment variable (repeatable; wins over --config)', collect, [])
    .action(
      async (
        slot: string,
        options: { service: string; version: string; config?: string; env: string[] },
        command: Command,
      ) => {
        const config = readBundleConfig(options.config, options.env);
        const bundle = { service: checkName('service', options.service), version: options.version, config };
        const agent = await findAgent(command, slot);
        show(
          command,
          agent,
          await expectSuccess(agent, agent.client.loadBundle({ params: { slot }, body: { bundle } })),
        );
      },
    );
  for (const [name, description, call] of VERBS) {
    verb(name, description).action(async (slot: string, _options: unknown, command: Command) => {
      const agent = await findAgent(command, slot);
      show(command, agent, await expectSuccess(agent, call(agent, slot)));
    });
  }
  verb('logs', 'print the last lines of the slot’s output')
    .option('--lines <count>', 'how many lines (default 200)', wholeNumber(1, 10_000), 200)
    .action(async (slot: string, options: { lines: number }, command: Command) => {
      const agent = await findAgent(command, slot);
      const logs = await expectSuccess(
        agent,
        agent.client.getSlotLogs({ params: { slot }, query: { lines: options.lines } }),
      );
      context.print(command, logs, () => logs.lines.map((line) => `${line}\n`).join(''));
    });
}
