/** The platform as clients see it through styx: every public service under its prefix (DESIGN.md §2, §9). */
import { initContract } from '@ts-rest/core';
import { accessContract } from './access/contract.js';
import type { PrefixedRouter } from './common/prefixed-router.js';
import { problemResponses } from './common/problem-responses.js';
import { dataContract } from './data/contract.js';
import { messageApiContract } from './message-api/contract.js';
import { metadataContract } from './metadata/contract.js';
import { userApiContract } from './user-api/contract.js';

const c = initContract();

/** Answers styx itself may give on any route: no instance, an unreachable or a slow service (DESIGN.md §8). */
const routerResponses = problemResponses(502, 503, 504);
type RouterResponses = typeof routerResponses;

/** The type of `platformContract`. */
// A type alias, not an interface: ts-rest's `AppRouter` needs the implicit index signature.
export type PlatformContract = {
  auth: PrefixedRouter<typeof userApiContract, '/auth', RouterResponses>;
  metadata: PrefixedRouter<typeof metadataContract, '/metadata', RouterResponses>;
  access: PrefixedRouter<typeof accessContract, '/access', RouterResponses>;
  data: PrefixedRouter<typeof dataContract, '/data', RouterResponses>;
  message: PrefixedRouter<typeof messageApiContract, '/message', RouterResponses>;
};

/**
 * Every route of every public service, with paths as seen through styx (`/auth/login`).
 * Internal routes are here too, marked so; styx answers 404 to them from outside.
 */
export const platformContract: PlatformContract = c.router({
  auth: c.router(userApiContract, { pathPrefix: '/auth', commonResponses: routerResponses }),
  metadata: c.router(metadataContract, { pathPrefix: '/metadata', commonResponses: routerResponses }),
  access: c.router(accessContract, { pathPrefix: '/access', commonResponses: routerResponses }),
  data: c.router(dataContract, { pathPrefix: '/data', commonResponses: routerResponses }),
  message: c.router(messageApiContract, { pathPrefix: '/message', commonResponses: routerResponses }),
});
