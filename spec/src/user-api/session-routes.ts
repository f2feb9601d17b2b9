/** user-api routes of login sessions and tokens: login, refresh, logout, revocation, server login (DESIGN.md §5). */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ServerNameSchema, SessionIdSchema } from '../common/ids.js';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute, publicRoute } from '../common/route-meta.js';
import { rateLimited } from './problems.js';
import {
  LogoutEverywhereResultSchema,
  RefreshedSessionSchema,
  RevocationEventSchema,
  ServerLoginResultSchema,
  SessionSchema,
  SessionTokenSchema,
  TokenInfoSchema,
} from './session.js';
import { UserSchema } from './user.js';

const c = initContract();

/** The session and token routes of user-api. `GET /sessions/revocations` comes before `/sessions/:sessionId`. */
export const sessionRoutes = c.router({
  login: {
    method: 'POST',
    path: '/login',
    summary: 'Log in',
    description:
      'HTTP Basic credentials (RFC 7617): the identifier is the username or any email address of ' +
      'the account, case-insensitive. An unknown identifier and a wrong password answer the same 401.',
    body: c.noBody(),
    responses: {
      200: UserSchema.describe('The account; the session token is in the header.'),
      400: problem('The `Authorization` header is missing or is not HTTP Basic.'),
      401: problem('The identifier or the password is wrong.'),
      429: rateLimited,
    },
    metadata: publicRoute('basic', { issuesSessionToken: true }),
  },
  refreshSession: {
    method: 'GET',
    path: '/login',
    summary: 'Refresh the session token',
    description:
      'Answers a fresh token for the same session in `x-tidepool-session-token`; the old token ' +
      'stays valid until its own expiry. Fails once the session reached its absolute expiry.',
    responses: {
      200: RefreshedSessionSchema.describe('The owner; the new token is in the header.'),
      ...problemResponses(401),
    },
    metadata: publicRoute('user', { issuesSessionToken: true }),
  },
  logout: {
    method: 'POST',
    path: '/logout',
    summary: 'Log out',
    description: 'Ends the session of the token; every service refuses it within a second.',
    body: c.noBody(),
    responses: { 200: c.noBody(), ...problemResponses(401) },
    metadata: publicRoute('user'),
  },
  logoutEverywhere: {
    method: 'POST',
    path: '/logout/all',
    summary: 'Log out everywhere',
    description: 'Ends every session of the current user, this one included.',
    body: c.noBody(),
    responses: { 200: LogoutEverywhereResultSchema, ...problemResponses(401, 403) },
    metadata: publicRoute('user'),
  },
  listSessions: {
    method: 'GET',
    path: '/sessions',
    summary: 'List my sessions',
    description: 'The live sessions of the current user, newest first; tokens are never shown.',
    responses: { 200: z.array(SessionSchema), ...problemResponses(401, 403) },
    metadata: publicRoute('user'),
  },
  streamRevocations: {
    method: 'GET',
    path: '/sessions/revocations',
    summary: 'Watch revoked tokens and sessions',
    description:
      'A server-sent event stream (text/event-stream); each event `data` is a JSON ' +
      '`RevocationEvent`. Services that cache token checks drop the revoked entries. Supports ' +
      '`Last-Event-ID` to resume without missing a revocation.',
    responses: {
      200: c.otherResponse({ contentType: 'text/event-stream', body: z.string() }),
      ...problemResponses(401, 403),
    },
    metadata: internalRoute('server', { eventSchema: RevocationEventSchema }),
  },
  revokeSession: {
    method: 'DELETE',
    path: '/sessions/:sessionId',
    pathParams: z.object({ sessionId: SessionIdSchema }),
    summary: 'End one of my sessions',
    description: 'Ends one session of the current user, for example a lost phone.',
    body: c.noBody(),
    responses: {
      204: c.noBody(),
      ...problemResponses(401),
      404: problem('The current user has no live session with this id.'),
    },
    metadata: publicRoute('user'),
  },
  serverLogin: {
    method: 'POST',
    path: '/serverlogin',
    summary: 'Log a server in',
    description:
      'A service logs in with its name in `x-tidepool-server-name` and the shared secret in ' +
      '`x-tidepool-server-secret`, and gets a server token in `x-tidepool-session-token`.',
    headers: z.object({ 'x-tidepool-server-name': ServerNameSchema }),
    body: c.noBody(),
    responses: {
      200: ServerLoginResultSchema,
      ...problemResponses(400),
      401: problem('The server secret is missing or wrong.'),
      429: rateLimited,
    },
    metadata: internalRoute('secret', { issuesSessionToken: true }),
  },
  checkToken: {
    method: 'GET',
    path: '/token/:token',
    pathParams: z.object({ token: SessionTokenSchema }),
    summary: 'Check a token',
    description: 'Whose token it is, for services that check the tokens of their callers.',
    responses: {
      200: TokenInfoSchema,
      ...problemResponses(401),
      403: problem('Only servers may check tokens.'),
      404: problem('The token is unknown, revoked or expired.'),
    },
    metadata: internalRoute('server'),
  },
});
