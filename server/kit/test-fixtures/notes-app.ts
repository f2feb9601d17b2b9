/** The test service app: the test contract served by `createServiceApp` with fixed tokens and readable logs. */
import { createServiceApp, type ServiceHandlers } from '../src/app/create-service-app.js';
import type { StatusCheck } from '../src/app/service-status.js';
import { parseBasicCredentials } from '../src/http/basic-credentials.js';
import { getCaller } from '../src/auth/caller.js';
import { unauthorized } from '../src/http/problems.js';
import { captureLogs, staticTokenChecker } from '../src/testing/index.js';
import { notesContract, notesRoutes } from './contract.js';

export const USER_TOKEN = 'user-token-0123456789abcdef';
export const SERVER_TOKEN = 'server-token-0123456789abcdef';
export const SERVER_SECRET = 'a-server-secret-of-at-least-32-characters';
export const USER_ID = '0123456789';

export interface NotesAppOptions {
  readonly checks?: Readonly<Record<string, StatusCheck>>;
  /** Resolved by the test to let `GET /slow` answer. */
  readonly gate?: Promise<void>;
  /** Serve the contract without its status routes, so the kit mounts them itself. */
  readonly withoutStatusRoutes?: boolean;
  readonly development?: boolean;
}

function handlers(options: NotesAppOptions): ServiceHandlers<typeof notesRoutes> {
  return {
    sayHello: ({ query }) =>
      Promise.resolve({ status: 200 as const, body: { hello: query.name ?? 'world' } }),
    logIn: ({ req }) => {
      const credentials = parseBasicCredentials(req.headers);
      if (credentials === undefined) throw unauthorized();
      return Promise.resolve({ status: 200 as const, body: { identifier: credentials.identifier } });
    },
    getNote: ({ params, req }) => {
      const caller = getCaller(req);
      const text = caller.isServer ? caller.serverName : caller.userid;
      return Promise.resolve({ status: 200 as const, body: { id: params.noteId, text, stars: 1 } });
    },
    createNote: ({ body, req }) => {
      // The raw body, as careless code might log it: redaction must still hide its secrets.
      req.log.info({ body: req.body }, 'creating a note');
      return Promise.resolve({
        status: 201 as const,
        body: { id: 'n1', text: body.text, stars: body.stars },
      });
    },
    listNotes: () => Promise.resolve({ status: 200 as const, body: [] }),
    publish: () => Promise.resolve({ status: 200 as const, body: { published: true } }),
    fail: () => Promise.reject(new Error('the database password hunter2 was refused')),
    answerWrongly: () => Promise.resolve({ status: 200 as const, body: { id: 'n1', text: '', stars: -1 } }),
    waitForGate: async () => {
      await options.gate;
      return { status: 200 as const, body: { done: true } };
    },
  };
}

/** Builds the test app; `logs` holds what it logged. */
export function createNotesApp(options: NotesAppOptions = {}) {
  const logs = captureLogs({ service: 'notes' });
  const common = {
    service: 'notes',
    version: '1.2.3',
    handlers: handlers(options),
    config: {
      NODE_ENV: options.development === true ? ('development' as const) : ('test' as const),
      BODY_LIMIT: '1kb',
      SERVER_SECRET,
    },
    logger: logs.logger,
    tokenChecker: staticTokenChecker({
      [USER_TOKEN]: { isServer: false, userid: USER_ID, sessionId: 'session-1' },
      [SERVER_TOKEN]: { isServer: true, serverName: 'metadata' },
    }),
    ...(options.checks === undefined ? {} : { checks: options.checks }),
  };
  const { app, metrics } =
    options.withoutStatusRoutes === true
      ? createServiceApp({ ...common, contract: notesRoutes })
      : createServiceApp({ ...common, contract: notesContract });
  return { app, metrics, logs };
}
