/** user-api routes of the account itself: create, read, change, delete, and its private pair (DESIGN.md §5). */
import { initContract } from '@ts-rest/core';
import { PairSchema } from '../common/private-pair.js';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute, publicRoute } from '../common/route-meta.js';
import { credentialsTaken, noSuchUser, rateLimited, userParams, wrongPassword } from './problems.js';
import { DeleteUserBodySchema, SignupBodySchema, UpdateUserBodySchema, UserSchema } from './user.js';
import { UserIdPageQuerySchema, UserIdPageSchema } from './user-id-page.js';

const c = initContract();

/** The account routes of user-api. */
export const accountRoutes = c.router({
  signup: {
    method: 'POST',
    path: '/user',
    summary: 'Create an account',
    description:
      'Creates an account and logs it in: the answer carries a session token in ' +
      '`x-tidepool-session-token`. Tidepool clients often send the email address as `username` too.',
    body: SignupBodySchema,
    responses: {
      201: UserSchema.describe('The new account; the session token is in the header.'),
      ...problemResponses(400),
      409: credentialsTaken,
      429: rateLimited,
    },
    metadata: publicRoute('none', {
      issuesSessionToken: true,
      examples: {
        body: {
          username: 'jane@example.com',
          emails: ['jane@example.com'],
          password: 'correct horse battery',
        },
      },
    }),
  },
  getCurrentUser: {
    method: 'GET',
    path: '/user',
    summary: 'Get my account',
    responses: { 200: UserSchema, ...problemResponses(401, 403) },
    description: 'The account of the session token.',
    metadata: publicRoute('user'),
  },
  getUser: {
    method: 'GET',
    path: '/user/:userid',
    pathParams: userParams,
    summary: 'Get an account',
    description: 'A user may read their own account; servers may read any.',
    responses: { 200: UserSchema, ...problemResponses(401, 403), 404: noSuchUser },
    metadata: publicRoute('user'),
  },
  updateCurrentUser: {
    method: 'PUT',
    path: '/user',
    summary: 'Change my account',
    description:
      'Changes the fields present in `updates`. Changing `emails` or `password` needs ' +
      '`currentPassword`; a new password ends every other session; new emails are unverified.',
    body: UpdateUserBodySchema,
    responses: {
      200: UserSchema.describe('The updated account.'),
      ...problemResponses(400, 401),
      403: wrongPassword,
      409: credentialsTaken,
      429: rateLimited,
    },
    metadata: publicRoute('user', { examples: { body: { updates: { username: 'jane.doe' } } } }),
  },
  updateUser: {
    method: 'PUT',
    path: '/user/:userid',
    pathParams: userParams,
    summary: 'Change an account',
    description:
      'As `PUT /user`, for the user id in the path: the user themself, or a server (which may ' +
      'omit `currentPassword`).',
    body: UpdateUserBodySchema,
    responses: {
      200: UserSchema.describe('The updated account.'),
      ...problemResponses(400, 401),
      403: wrongPassword,
      404: noSuchUser,
      409: credentialsTaken,
      429: rateLimited,
    },
    metadata: publicRoute('user'),
  },
  deleteCurrentUser: {
    method: 'DELETE',
    path: '/user',
    summary: 'Delete my account',
    description:
      'Deletes the account and its private pair, with every session; the other services erase ' +
      'what was stored under it (crypto-shredding, DESIGN.md §6). Needs `password`.',
    body: DeleteUserBodySchema,
    responses: { 204: c.noBody(), ...problemResponses(400, 401), 403: wrongPassword, 429: rateLimited },
    metadata: publicRoute('user'),
  },
  deleteUser: {
    method: 'DELETE',
    path: '/user/:userid',
    pathParams: userParams,
    summary: 'Delete an account',
    description:
      'As `DELETE /user`, for the user id in the path: the user themself with `password`, or a ' +
      'server without it.',
    body: DeleteUserBodySchema,
    responses: {
      204: c.noBody(),
      ...problemResponses(400, 401),
      403: wrongPassword,
      404: noSuchUser,
      429: rateLimited,
    },
    metadata: publicRoute('user'),
  },
  getPrivatePair: {
    method: 'GET',
    path: '/private/:userid/meta',
    pathParams: userParams,
    summary: 'Get the `meta` private pair of a user',
    description: 'The pair that names and keys the user’s metadata document (DESIGN.md §6). Never log it.',
    responses: {
      200: PairSchema,
      ...problemResponses(401),
      403: problem('Only servers may read private pairs.'),
      404: noSuchUser,
    },
    metadata: internalRoute('server'),
  },
  listUserIds: {
    method: 'GET',
    path: '/internal/users',
    query: UserIdPageQuerySchema,
    summary: 'List account ids, a page at a time',
    description:
      'The ids of the accounts in ascending order, nothing else about them: metadata walks them to ' +
      're-encrypt every document after a salt rotation (DESIGN.md §6).',
    responses: {
      200: UserIdPageSchema,
      ...problemResponses(400, 401),
      403: problem('Only servers may list accounts.'),
    },
    metadata: internalRoute('server', { examples: { query: { limit: '100' } } }),
  },
});
