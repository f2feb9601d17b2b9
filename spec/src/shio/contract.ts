/** The shio agent contract: a server's slots, loading bundles and running them (DESIGN.md §8). Private: no public prefix. */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute } from '../common/route-meta.js';
import { serviceStatusRoutes } from '../common/service-status.js';
import {
  LoadBundleBodySchema,
  ServerSchema,
  SlotLogsQuerySchema,
  SlotLogsSchema,
  SlotNameSchema,
  SlotSchema,
} from './slot.js';

const c = initContract();

const slotParams = z.object({ slot: SlotNameSchema });
const unauthorized = problem('The server secret is missing or wrong.');
const noSuchSlot = problem('The server has no slot with this name.');
const wrongState = problem(
  'The slot is not in a state that allows this (for example start without a bundle).',
);

/** A `POST /v1/slots/:slot/<verb>` route that answers the slot after the change. */
function slotAction(verb: string, summary: string, description: string) {
  return {
    method: 'POST',
    path: `/v1/slots/:slot/${verb}`,
    pathParams: slotParams,
    summary,
    description,
    body: c.noBody(),
    responses: {
      200: SlotSchema,
      ...problemResponses(400),
      401: unauthorized,
      404: noSuchSlot,
      409: wrongState,
    },
    metadata: internalRoute('secret'),
  } as const;
}

/**
 * Every route of a shio agent; all are internal. They take the shared server secret, not a
 * server token: the agent starts user-api itself, so it cannot depend on it.
 */
export const shioContract = c.router(
  {
    ...serviceStatusRoutes,
    getServer: {
      method: 'GET',
      path: '/v1/server',
      summary: 'Describe the server and its slots',
      description: 'The agent’s server name, machine, address and every slot.',
      responses: { 200: ServerSchema, 401: unauthorized },
      metadata: internalRoute('secret'),
    },
    listSlots: {
      method: 'GET',
      path: '/v1/slots',
      query: z.object({ slot: z.string().optional().describe('Only slots whose name starts with this.') }),
      summary: 'List the slots',
      description: 'Every slot of the server, or those whose name starts with `slot`.',
      responses: { 200: z.array(SlotSchema), 401: unauthorized },
      metadata: internalRoute('secret'),
    },
    createSlot: {
      method: 'PUT',
      path: '/v1/slots/:slot',
      pathParams: slotParams,
      summary: 'Create a slot',
      description: 'Creates an empty, stopped slot.',
      body: c.noBody(),
      responses: {
        201: SlotSchema,
        ...problemResponses(400),
        401: unauthorized,
        409: problem('A slot with this name exists.'),
      },
      metadata: internalRoute('secret'),
    },
    deleteSlot: {
      method: 'DELETE',
      path: '/v1/slots/:slot',
      pathParams: slotParams,
      summary: 'Delete a slot',
      description: 'Deletes a stopped slot and its logs.',
      body: c.noBody(),
      responses: {
        204: c.noBody(),
        ...problemResponses(400),
        401: unauthorized,
        404: noSuchSlot,
        409: wrongState,
      },
      metadata: internalRoute('secret'),
    },
    loadBundle: {
      method: 'POST',
      path: '/v1/slots/:slot/load',
      pathParams: slotParams,
      summary: 'Load a bundle into a slot',
      description: 'Sets what the slot runs; takes effect at the next start or restart.',
      body: LoadBundleBodySchema,
      responses: {
        200: SlotSchema,
        ...problemResponses(400),
        401: unauthorized,
        404: noSuchSlot,
        409: wrongState,
      },
      metadata: internalRoute('secret', {
        examples: { body: { bundle: { service: 'user-api', version: '0.1.0', config: { PORT: '0' } } } },
      }),
    },
    unloadBundle: slotAction('unload', 'Unload the bundle of a slot', 'Empties a stopped slot.'),
    startSlot: slotAction(
      'start',
      'Start a slot',
      'Starts the loaded bundle; it is restarted with back-off if it crashes.',
    ),
    stopSlot: slotAction('stop', 'Stop a slot', 'Sends SIGTERM, waits for a graceful exit, then SIGKILL.'),
    restartSlot: slotAction(
      'restart',
      'Restart a slot',
      'Stops the process and starts the loaded bundle again.',
    ),
    drainSlot: slotAction(
      'drain',
      'Drain a slot',
      'Asks the process to mark itself draining in hakken and finish its requests, before a stop.',
    ),
    getSlotLogs: {
      method: 'GET',
      path: '/v1/slots/:slot/logs',
      pathParams: slotParams,
      query: SlotLogsQuerySchema,
      summary: 'Read the output of a slot',
      description: 'The last lines the process wrote to stdout and stderr.',
      responses: { 200: SlotLogsSchema, ...problemResponses(400), 401: unauthorized, 404: noSuchSlot },
      metadata: internalRoute('secret'),
    },
  },
  { strictStatusCodes: true, commonResponses: problemResponses(500) },
);
