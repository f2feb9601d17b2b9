/** Routes for servers: server login, token checks, the revocation stream, private pairs and account ids (DESIGN.md §5, §6). */
import { EVENT_STREAM_HEADERS, notFound, parseLastEventId } from '@tidepool/kit';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import type { AppContext } from '../app-context.js';
import type { UserApiHandlers } from './handler-types.js';

type ServerHandlers = Pick<
  UserApiHandlers,
  'serverLogin' | 'checkToken' | 'streamRevocations' | 'getPrivatePair' | 'listUserIds'
>;

/** The handlers only servers reach (the kit's auth middleware refuses anyone else). */
export function createServerHandlers(context: AppContext): ServerHandlers {
  const { sessions, revocations, accounts } = context;

  return {
    // The auth middleware has compared the server secret in constant time (route auth `secret`).
    serverLogin: async ({ headers, res }) => {
      const name = headers['x-tidepool-server-name'];
      const { token } = await sessions.startServerSession(name);
      res.setHeader(SESSION_TOKEN_HEADER, token);
      return { status: 200, body: { name, isserver: true } };
    },

    checkToken: async ({ params }) => {
      const owner = await sessions.check(params.token);
      if (owner === null) throw notFound('The token is unknown, revoked or expired.');
      const expiresTime = owner.expiresTime.toISOString();
      return {
        status: 200,
        body:
          owner.kind === 'server'
            ? { userid: owner.serverName, isserver: true, expiresTime }
            : { userid: owner.userid, isserver: false, sessionId: owner.sessionId, expiresTime },
      };
    },

    streamRevocations: async ({ req, res }) => {
      const stream = await revocations.open(parseLastEventId(req.headers['last-event-id']));
      res.once('close', () => stream.destroy());
      for (const [name, value] of Object.entries(EVENT_STREAM_HEADERS)) res.setHeader(name, value);
      // ts-rest pipes a stream body into the response instead of serializing it.
      return { status: 200, body: stream as unknown as string };
    },

    getPrivatePair: async ({ params }) => {
      const pair = await accounts.findPair(params.userid);
      if (pair === undefined) throw notFound('No account has this user id.');
      return { status: 200, body: pair };
    },

    listUserIds: async ({ query }) => ({
      status: 200,
      body: await accounts.listIds(query.after, query.limit),
    }),
  };
}
