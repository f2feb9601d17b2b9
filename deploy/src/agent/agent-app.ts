/** The agent's HTTP face: the shio contract of `spec/`, served with the kit (DESIGN.md §4, §8). */
import {
  badRequest,
  conflict,
  createServiceApp,
  notFound,
  type Logger,
  type ServiceApp,
} from '@tidepool/kit';
import { shioContract, type Slot as SlotView } from '@tidepool/spec';
import type { Agent } from './agent.js';
import { SlotError } from './slot-error.js';
import type { SlotDetails } from './slot.js';

export interface AgentAppOptions {
  readonly agent: Agent;
  /** `host:port` the agent is reached at, for `GET /v1/server`. */
  readonly host: () => string;
  readonly version: string;
  readonly serverSecret: string;
  readonly logger: Logger;
}

/** The kit's problem for each refusal of the agent. */
function asProblem(error: unknown): unknown {
  if (!(error instanceof SlotError)) return error;
  switch (error.kind) {
    case 'NO_SUCH_SLOT':
      return notFound(error.message);
    case 'BAD_BUNDLE':
      return badRequest(error.message);
    case 'SLOT_EXISTS':
    case 'WRONG_STATE':
    case 'DATABASE_IN_USE':
      return conflict(error.message);
  }
}

/** The contract's view of a slot: the port is the agent's own business. */
function view(details: SlotDetails): SlotView {
  const { port: _port, ...slot } = details;
  return slot;
}

async function answer<Status extends number, Body>(
  status: Status,
  action: () => Body | Promise<Body>,
): Promise<{ status: Status; body: Body }> {
  try {
    return { status, body: await action() };
  } catch (error) {
    throw asProblem(error);
  }
}

/** Builds the agent's app; every route takes the shared server secret (contract: `internalRoute('secret')`). */
export function createAgentApp(options: AgentAppOptions): ServiceApp {
  const { agent } = options;
  return createServiceApp({
    service: 'shio-agent',
    version: options.version,
    contract: shioContract,
    config: { NODE_ENV: 'production', BODY_LIMIT: '256kb', SERVER_SECRET: options.serverSecret },
    logger: options.logger,
    // No route takes a session token: the agent starts user-api itself and cannot depend on it.
    tokenChecker: { check: () => Promise.resolve(null) },
    handlers: {
      getServer: () =>
        answer(200, () => ({
          ...agent.describe(options.host()),
          slots: agent.slots().map((slot) => view(slot.describe())),
        })),
      listSlots: ({ query }) =>
        answer(200, () => agent.slots(query.slot).map((slot) => view(slot.describe()))),
      createSlot: ({ params }) => answer(201, () => view(agent.createSlot(params.slot).describe())),
      deleteSlot: ({ params }) =>
        answer(204, () => {
          agent.deleteSlot(params.slot);
          return undefined;
        }),
      loadBundle: ({ params, body }) => answer(200, () => view(agent.load(params.slot, body.bundle))),
      unloadBundle: ({ params }) => answer(200, () => view(agent.unload(params.slot))),
      startSlot: ({ params }) => answer(200, async () => view(await agent.start(params.slot))),
      stopSlot: ({ params }) => answer(200, async () => view(await agent.stop(params.slot))),
      restartSlot: ({ params }) => answer(200, async () => view(await agent.restart(params.slot))),
      drainSlot: ({ params }) => answer(200, () => view(agent.drain(params.slot))),
      getSlotLogs: ({ params, query }) =>
        answer(200, () => ({ lines: agent.slot(params.slot).logs.last(query.lines ?? 200) })),
    },
  });
}
