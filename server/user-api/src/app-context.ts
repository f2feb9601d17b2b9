/** Everything the handlers of user-api work with, built once per app from the config and the database. */
import type { Logger } from 'pino';
import type { Database } from '@tidepool/kit';
import { createAccountStore, type AccountStore } from './accounts/account-store.js';
import { createEmailTokenStore, type EmailTokenStore } from './accounts/email-token-store.js';
import { createBackgroundTasks, type BackgroundTasks } from './background-tasks.js';
import type { Config } from './config.js';
import type { UserApiSchema } from './db/schema.js';
import { createMailOutbox, type MailOutbox } from './mail/mail-outbox.js';
import type { MailTransport } from './mail/mail-transport.js';
import { startHashingProcess } from './passwords/hashing-process.js';
import { createPasswordHasher, type PasswordHasher } from './passwords/password-hasher.js';
import { createRevocationFeed, type RevocationFeed } from './sessions/revocation-feed.js';
import { createSessionStore, type SessionStore } from './sessions/session-store.js';
import { createThrottles, type Throttles } from './throttle/throttles.js';

/** What handlers use. `wake` starts background work now rather than at its next pass. */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly hasher: PasswordHasher;
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly emailTokens: EmailTokenStore;
  readonly outbox: MailOutbox;
  readonly transport: MailTransport;
  readonly throttles: Throttles;
  readonly revocations: RevocationFeed;
  readonly background: BackgroundTasks;
  readonly wake: { readonly mailDelivery: () => void; readonly erasures: () => void };
}

export interface AppContextOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database<UserApiSchema>;
  readonly transport: MailTransport;
}

/** Builds the context. The `wake` hooks do nothing until the app's periodic tasks are started. */
export function createAppContext(options: AppContextOptions) {
  const { config, logger, db } = options;
  const wakeHooks: { mailDelivery: () => void; erasures: () => void } = {
    mailDelivery: () => undefined,
    erasures: () => undefined,
  };
  const revocations = createRevocationFeed({ db, logger });
  const hashing =
    config.HASH_NICENESS === 0 ? undefined : startHashingProcess({ niceness: config.HASH_NICENESS });
  const context: AppContext = {
    config,
    logger,
    hasher: createPasswordHasher({
      parameters: { logN: config.SCRYPT_LOG_N, r: config.SCRYPT_R, p: config.SCRYPT_P },
      concurrency: config.HASH_CONCURRENCY,
      ...(hashing === undefined ? {} : { scrypt: hashing }),
    }),
    accounts: createAccountStore(db),
    sessions: createSessionStore(db, {
      lifetimes: {
        idleSeconds: config.SESSION_IDLE_SECONDS,
        lifetimeSeconds: config.SESSION_LIFETIME_SECONDS,
        serverSeconds: config.SERVER_SESSION_SECONDS,
      },
      onRevoked: () => {
        revocations.poke();
      },
    }),
    emailTokens: createEmailTokenStore(db),
    outbox: createMailOutbox({
      db,
      transport: options.transport,
      logger,
      onQueued: () => {
        wakeHooks.mailDelivery();
      },
    }),
    transport: options.transport,
    throttles: createThrottles(db, {
      failuresPerIdentifier: config.LOGIN_FAILURES_PER_IDENTIFIER,
      failuresPerAddress: config.LOGIN_FAILURES_PER_ADDRESS,
      requestsPerAddress: config.REQUESTS_PER_ADDRESS,
      windowSeconds: config.THROTTLE_WINDOW_SECONDS,
    }),
    revocations,
    background: createBackgroundTasks(logger),
    wake: {
      mailDelivery: () => {
        wakeHooks.mailDelivery();
      },
      erasures: () => {
        wakeHooks.erasures();
      },
    },
  };
  return { context, wakeHooks, closeHashing: () => hashing?.close() ?? Promise.resolve() };
}
