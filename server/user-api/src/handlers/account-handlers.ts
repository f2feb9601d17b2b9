/** Creating and reading accounts: signup, my account, an account by id (DESIGN.md §5, §9). */
import { conflict, notFound, unauthorized } from '@tidepool/kit';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { IdentifierTakenError } from '../accounts/identifier-claims.js';
import { toUser } from '../accounts/user-view.js';
import type { AppContext } from '../app-context.js';
import { clientAddress, requireSelfOrServer, requireUserCaller } from './caller-checks.js';
import type { UserApiHandlers } from './handler-types.js';
import { assertAcceptableInput } from './input-checks.js';

type AccountHandlers = Pick<UserApiHandlers, 'signup' | 'getCurrentUser' | 'getUser'>;

/** The 409 of a username or address that another account has. */
export function identifierTaken(): Error {
  return conflict('The username or one of the email addresses belongs to another account.');
}

/** The handlers that create and read accounts. */
export function createAccountHandlers(context: AppContext): AccountHandlers {
  const { accounts, sessions, hasher, throttles } = context;

  return {
    signup: async ({ body, req, res }) => {
      await throttles.countRequest(clientAddress(req));
      assertAcceptableInput({
        password: { value: body.password, path: 'password' },
        emails: { value: body.emails, path: 'emails' },
      });
      const passwordHash = await hasher.hash(body.password);
      let account;
      try {
        account = await accounts.create({
          ...(body.username === undefined ? {} : { username: body.username }),
          emails: body.emails,
          passwordHash,
        });
      } catch (error) {
        if (error instanceof IdentifierTakenError) throw identifierTaken();
        throw error;
      }
      const { token } = await sessions.startUserSession(account.userid);
      res.setHeader(SESSION_TOKEN_HEADER, token);
      return { status: 201, body: toUser(account) };
    },

    getCurrentUser: async ({ req }) => {
      const caller = requireUserCaller(req);
      const account = await accounts.find(caller.userid);
      // The session ended with the account a moment ago.
      if (account === undefined) throw unauthorized('A valid session token is required.');
      return { status: 200, body: toUser(account) };
    },

    getUser: async ({ params, req }) => {
      requireSelfOrServer(req, params.userid);
      const account = await accounts.find(params.userid);
      if (account === undefined) throw notFound('No account has this user id.');
      return { status: 200, body: toUser(account) };
    },
  };
}
