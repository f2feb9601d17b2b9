/** What every `shio` command shares: its input and output, the global options, and the agents they name. */
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ServiceNameSchema, SlotNameSchema } from '@tidepool/spec';
import type { AgentHandle } from './agent-client.js';
import { OperationError, UsageError } from './cli-errors.js';
import { findAgents, type ConnectionOptions } from './find-agents.js';

export interface ShioIo {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** The repository checkout: the default data directory and the default deploy version come from it. */
  readonly codeRoot: string;
}

/** The coordinators of the default local plan (`npm start`). */
export const LOCAL_COORDINATORS = '127.0.0.1:8101,127.0.0.1:8102';

interface GlobalOptions {
  readonly hakken?: string;
  readonly agent?: string[];
  readonly secretFile?: string;
  readonly json?: boolean;
  readonly machine?: string;
}

/** Helpers of the commands' actions, bound to the program's input and output. */
export interface CommandContext {
  readonly io: ShioIo;
  /** How to reach the platform, from the global options and the environment. */
  connection(command: Command): ConnectionOptions;
  /** The agents found, only those on `--machine` when it is given. */
  agents(command: Command): Promise<AgentHandle[]>;
  /** Prints `json` with `--json`, else the table. */
  print(command: Command, json: unknown, table: () => string): void;
  isJson(command: Command): boolean;
}

export function createCommandContext(io: ShioIo): CommandContext {
  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();
  const connection = (command: Command): ConnectionOptions => {
    const options = globals(command);
    const dataDirectory = io.environment.DATA_DIR ?? join(io.codeRoot, '.data');
    return {
      agents: options.agent ?? [],
      coordinators: (options.hakken ?? io.environment.HAKKEN_COORDINATORS ?? LOCAL_COORDINATORS)
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
      serverSecret: io.environment.SERVER_SECRET,
      secretFile: options.secretFile ?? join(dataDirectory, 'secrets.json'),
    };
  };
  const isJson = (command: Command) => globals(command).json === true;
  return {
    io,
    connection,
    isJson,
    agents: async (command) => onMachine(await findAgents(connection(command)), globals(command).machine),
    print: (command, json, table) => {
      io.writeOut(isJson(command) ? `${JSON.stringify(json, null, 2)}\n` : table());
    },
  };
}

function onMachine(agents: readonly AgentHandle[], machine: string | undefined): AgentHandle[] {
  if (machine === undefined) return [...agents];
  const chosen = agents.filter((agent) => agent.machine === machine || agent.name === machine);
  if (chosen.length === 0) {
    const known = agents.map((agent) => `${agent.name} (${agent.machine})`).join(', ');
    throw new OperationError(`No agent on ${machine}; there are ${known}.`);
  }
  return chosen;
}

/** A commander parser for a whole number within bounds. */
export function wholeNumber(minimum: number, maximum: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < minimum || value > maximum) {
      throw new InvalidArgumentError(`Expected a whole number from ${minimum} to ${maximum}.`);
    }
    return value;
  };
}

/** A commander collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The name, or a usage error saying what a slot or service name looks like. */
export function checkName(kind: 'slot' | 'service', name: string): string {
  const result = (kind === 'slot' ? SlotNameSchema : ServiceNameSchema).safeParse(name);
  if (!result.success) {
    throw new UsageError(`"${name}" is not a ${kind} name: ${result.error.issues[0]?.message ?? ''}`);
  }
  return name;
}
