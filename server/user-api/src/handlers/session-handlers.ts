/** Login, refresh, logout and the user's own sessions (DESIGN.md §5, §9). */
import { badRequest, getCaller, notFound, parseBasicCredentials, unauthorized } from '@tidepool/kit';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { identifierKey } from '../accounts/identifiers.js';
import { toUser } from '../accounts/user-view.js';
import type { AppContext } from '../app-context.js';
import { clientAddress, requireUserCaller } from './caller-checks.js';
import type { UserApiHandlers } from './handler-types.js';

type SessionHandlers = Pick<
  UserApiHandlers,
  'login' | 'refreshSession' | 'logout' | 'logoutEverywhere' | 'listSessions' | 'revokeSession'
>;

/** The one answer to a failed login, whether the identifier is unknown or the password wrong (DESIGN.md §5). */
const LOGIN_FAILED = 'The identifier or the password is wrong.';

/** The handlers of sessions. */
export function createSessionHandlers(context: AppContext): SessionHandlers {
  const { accounts, sessions, hasher, throttles, background } = context;

  return {
    login: async ({ req, res }) => {
      const credentials = parseBasicCredentials(req.headers);
      if (credentials === undefined) {
        throw badRequest('The Authorization header must carry HTTP Basic credentials (RFC 7617).');
      }
      const identifier = identifierKey(credentials.identifier);
      const address = clientAddress(req);
      const attempt = await throttles.beginPasswordCheck(identifier, address);
      const account = await accounts.findByIdentifier(identifier);
      // An unknown identifier costs the same scrypt work as a wrong password, so that the time
      // of the answer does not tell whether an account exists.
      const valid =
        account === undefined
          ? await hasher.verifyNothing(credentials.password).then(() => false)
          : await hasher.verify(account.passwordHash, credentials.password);
      if (account === undefined || !valid) throw unauthorized(LOGIN_FAILED);
      await attempt.succeeded();
      if (hasher.needsRehash(account.passwordHash)) {
        const { password } = credentials;
        background.run('password rehash', async () => {
          await accounts.replacePasswordHash(
            account.userid,
            account.passwordHash,
            await hasher.hash(password),
          );
        });
      }
      const { token } = await sessions.startUserSession(account.userid);
      const record = await accounts.find(account.userid);
      if (record === undefined) throw unauthorized(LOGIN_FAILED);
      res.setHeader(SESSION_TOKEN_HEADER, token);
      return { status: 200, body: toUser(record) };
    },

    refreshSession: async ({ req, res }) => {
      const caller = getCaller(req);
      // Server tokens are renewed by logging in again with the secret (POST /serverlogin).
      if (caller.isServer || caller.sessionId === undefined) {
        throw unauthorized('Only a user’s session token can be refreshed.');
      }
      const token = await sessions.refresh(caller.sessionId);
      res.setHeader(SESSION_TOKEN_HEADER, token);
      return { status: 200, body: { userid: caller.userid } };
    },

    logout: async ({ req }) => {
      const token = req.headers[SESSION_TOKEN_HEADER];
      if (typeof token === 'string') await sessions.revokeToken(token);
      return { status: 200, body: undefined };
    },

    logoutEverywhere: async ({ req }) => {
      const caller = requireUserCaller(req);
      const revoked = await sessions.revokeAll(caller.userid);
      return { status: 200, body: { revoked } };
    },

    listSessions: async ({ req }) => {
      const caller = requireUserCaller(req);
      const list = await sessions.list(caller.userid);
      return {
        status: 200,
        body: list.map((session) => ({
          id: session.id,
          createdTime: session.createdTime.toISOString(),
          lastUsedTime: session.lastUsedTime.toISOString(),
          expiresTime: session.expiresTime.toISOString(),
          current: session.id === caller.sessionId,
        })),
      };
    },

    revokeSession: async ({ params, req }) => {
      const caller = getCaller(req);
      const revoked = !caller.isServer && (await sessions.revoke(caller.userid, params.sessionId));
      if (!revoked) throw notFound('You have no live session with this id.');
      return { status: 204, body: undefined };
    },
  };
}
