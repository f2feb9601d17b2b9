/** `createApp(config, deps)`: user-api's Express app and its background work; nothing here listens (DESIGN.md §4). */
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createServiceApp, type OpenedDatabase, type ServiceMetrics, type TokenChecker } from '@tidepool/kit';
import { userApiContract } from '@tidepool/spec';
import { createAppContext, type AppContext } from './app-context.js';
import type { Config } from './config.js';
import type { UserApiSchema } from './db/schema.js';
import { createErasureWorker, type ServiceResolver } from './erasure/erasure-worker.js';
import { createAccountChangeHandlers } from './handlers/account-change-handlers.js';
import { createAccountHandlers } from './handlers/account-handlers.js';
import { createEmailHandlers } from './handlers/email-handlers.js';
import { createOutboxHandlers } from './handlers/outbox-handlers.js';
import { createServerHandlers } from './handlers/server-handlers.js';
import { createSessionHandlers } from './handlers/session-handlers.js';
import { createMailTransport } from './mail/create-mail-transport.js';
import type { MailTransport } from './mail/mail-transport.js';
import { startPeriodicTask } from './periodic-task.js';
import { createLocalServerTokens, createLocalTokenChecker } from './sessions/local-token-checker.js';
import { version } from './version.js';

export interface UserApiDependencies {
  readonly logger: Logger;
  readonly database: OpenedDatabase<UserApiSchema>;
  /** Finds a running instance of a service to erase a deleted user at; through hakken in main.ts. */
  readonly resolveService?: ServiceResolver;
  /** The mail transport; by default SMTP when `SMTP_URL` is set, else the file under DATA_DIR. */
  readonly transport?: MailTransport;
  /** For the erasure calls; tests pass their own. */
  readonly fetch?: typeof fetch;
}

export interface UserApi {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
  /** user-api's own token checker (the kit's auth middleware uses it). */
  readonly tokenChecker: TokenChecker;
  readonly context: AppContext;
  /** Runs a pass of the erasure queue now (after the one under way, if any). */
  runErasures(): Promise<void>;
  /** Runs a pass of mail delivery now (after the one under way, if any). */
  deliverMail(): Promise<void>;
  /**
   * Stops the background work, the revocation streams and the hashing process; the database
   * stays open (its owner closes it).
   */
  close(): Promise<void>;
}

/** How often each background task runs when nothing wakes it. */
const MAIL_DELIVERY_MILLISECONDS = 1000;
const ERASURE_MILLISECONDS = 5000;
const MAINTENANCE_MILLISECONDS = 60_000;

/**
 * Builds user-api: the contract's handlers over the users database, the revocation stream,
 * and three background tasks (mail delivery, the erasure queue, pruning of expired rows).
 *
 * @example
 * const userApi = createApp(config, { logger, database });
 * await using server = await startServer(userApi.app, { host: config.HOST, port: config.PORT });
 */
export function createApp(config: Config, deps: UserApiDependencies): UserApi {
  const { logger, database } = deps;
  const { db } = database;
  const transport = deps.transport ?? createMailTransport(config);
  const { context, wakeHooks, closeHashing } = createAppContext({ config, logger, db, transport });
  const tokenChecker = createLocalTokenChecker(context.sessions);
  const erasures = createErasureWorker({
    db,
    logger,
    resolveService: deps.resolveService ?? (() => undefined),
    tokens: createLocalServerTokens(context.sessions, config.SERVER_SESSION_SECONDS),
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
  });

  const tasks = [
    startPeriodicTask({
      name: 'mail delivery',
      intervalMilliseconds: MAIL_DELIVERY_MILLISECONDS,
      run: () => context.outbox.deliverDue(),
      logger,
    }),
    startPeriodicTask({
      name: 'erasures',
      intervalMilliseconds: ERASURE_MILLISECONDS,
      run: () => erasures.runDue(),
      logger,
    }),
    startPeriodicTask({
      name: 'maintenance',
      intervalMilliseconds: MAINTENANCE_MILLISECONDS,
      run: async () => {
        await context.sessions.pruneExpired();
        await context.emailTokens.prune();
        await context.revocations.prune();
        await context.throttles.prune();
      },
      logger,
    }),
  ] as const;
  wakeHooks.mailDelivery = () => {
    tasks[0].poke();
  };
  wakeHooks.erasures = () => {
    tasks[1].poke();
  };

  const { app, metrics } = createServiceApp({
    service: 'user-api',
    version,
    contract: userApiContract,
    handlers: {
      ...createAccountHandlers(context),
      ...createAccountChangeHandlers(context),
      ...createSessionHandlers(context),
      ...createServerHandlers(context),
      ...createEmailHandlers(context),
      ...createOutboxHandlers(context),
    },
    config,
    logger,
    tokenChecker,
    checks: { database: () => database.ping() },
  });

  return {
    app,
    metrics,
    tokenChecker,
    context,
    runErasures: () => tasks[1].runNow(),
    deliverMail: () => tasks[0].runNow(),
    async close() {
      await context.revocations.close();
      await Promise.all(tasks.map((task) => task.stop()));
      await context.background.settled();
      await transport.close();
      await closeHashing();
    },
  };
}
