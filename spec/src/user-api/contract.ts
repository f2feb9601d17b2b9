/** The user-api contract: accounts, login, sessions, server tokens and mail (DESIGN.md §5, §9), served under `/auth`. */
import { initContract } from '@ts-rest/core';
import { problemResponses } from '../common/problem-responses.js';
import { serviceStatusRoutes } from '../common/service-status.js';
import { accountRoutes } from './account-routes.js';
import { emailRoutes } from './email-routes.js';
import { sessionRoutes } from './session-routes.js';

const c = initContract();

/** Every route of user-api, as user-api serves them (no `/auth` prefix). */
export const userApiContract = c.router(
  {
    ...serviceStatusRoutes,
    ...accountRoutes,
    ...sessionRoutes,
    ...emailRoutes,
  },
  { strictStatusCodes: true, commonResponses: problemResponses(500) },
);
