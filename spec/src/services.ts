/** The table of the platform's services: hakken name, public prefix and contract (DESIGN.md §2). */
import type { AppRouter } from '@ts-rest/core';
import { accessContract } from './access/contract.js';
import { dataContract } from './data/contract.js';
import { hakkenContract } from './hakken/contract.js';
import { messageApiContract } from './message-api/contract.js';
import { metadataContract } from './metadata/contract.js';
import { shioContract } from './shio/contract.js';
import { userApiContract } from './user-api/contract.js';

/** The hakken name of a service with a contract. */
export type ContractServiceName =
  'user-api' | 'metadata' | 'access' | 'message-api' | 'data' | 'hakken' | 'shio-agent';

/** One service: its hakken name, the prefix styx serves it under (`null` when private) and its contract. */
export interface ServiceEntry {
  readonly name: ContractServiceName;
  readonly prefix: string | null;
  /** One sentence on what the service is for (OpenAPI tag descriptions, `/docs`). */
  readonly summary: string;
  readonly contract: AppRouter;
}

/** Every service with a contract, in the order of DESIGN.md §2. styx and the OpenAPI generator use it. */
export const SERVICES: readonly ServiceEntry[] = [
  {
    name: 'user-api',
    prefix: '/auth',
    summary: 'Accounts, login, sessions and server tokens.',
    contract: userApiContract,
  },
  {
    name: 'metadata',
    prefix: '/metadata',
    summary: 'Profile, preferences and settings of each user, encrypted per user.',
    contract: metadataContract,
  },
  {
    name: 'access',
    prefix: '/access',
    summary: 'Who may see whose data: permissions and invitations.',
    contract: accessContract,
  },
  {
    name: 'message-api',
    prefix: '/message',
    summary: 'Notes and replies on a patient’s data.',
    contract: messageApiContract,
  },
  {
    name: 'data',
    prefix: '/data',
    summary: 'Device data (glucose, insulin, food, settings): upload, query and summaries.',
    contract: dataContract,
  },
  {
    name: 'hakken',
    prefix: null,
    summary: 'Service discovery: coordinators and the listings of running instances.',
    contract: hakkenContract,
  },
  {
    name: 'shio-agent',
    prefix: null,
    summary: 'A server’s slots: loading, starting and stopping service bundles.',
    contract: shioContract,
  },
];
