/** Works the erasure queue: tells each service to erase a deleted user until it acknowledges (README, "Deleting a user"). */
import type { Logger } from 'pino';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import type { Database, ServerTokenSource } from '@tidepool/kit';
import type { UserApiSchema } from '../db/schema.js';
import {
  acknowledgeErasureStep,
  claimDueErasureSteps,
  postponeErasureStep,
  removeFinishedErasures,
  type ErasureStep,
} from './erasure-steps.js';

/** The base URL of a running instance of a service (through hakken), or undefined when none is known. */
export type ServiceResolver = (service: string) => string | undefined | Promise<string | undefined>;

export interface ErasureWorkerOptions {
  readonly db: Database<UserApiSchema>;
  readonly logger: Logger;
  readonly resolveService: ServiceResolver;
  /** user-api's own server token, which the services' `eraseUser` routes require. */
  readonly tokens: ServerTokenSource;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/** How many steps one pass takes on. */
const BATCH_SIZE = 20;
const MAXIMUM_BACKOFF_MILLISECONDS = 5 * 60_000;

/** The wait after `attempts` failures: 1 s, 2 s, 4 s, … up to five minutes. */
export function erasureBackoff(attempts: number): number {
  return Math.min(MAXIMUM_BACKOFF_MILLISECONDS, 1000 * 2 ** Math.min(attempts, 20));
}

/**
 * One pass over the due steps: calls `DELETE /internal/users/:userid` at each service with
 * the server token. 2xx and 404 acknowledge (the service holds nothing, or no longer). Any
 * other answer, or no answer, is retried later with back-off. Finished erasures lose their
 * tombstone at the end of the pass.
 */
export function createErasureWorker(options: ErasureWorkerOptions) {
  const { db, logger } = options;
  const fetchFunction = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());

  async function attempt(step: ErasureStep): Promise<boolean> {
    const baseUrl = await options.resolveService(step.service);
    if (baseUrl === undefined) return false;
    const url = `${baseUrl}/internal/users/${encodeURIComponent(step.userid)}`;
    const send = async (token: string) =>
      fetchFunction(url, { method: 'DELETE', headers: { [SESSION_TOKEN_HEADER]: token } });
    const token = await options.tokens.getToken();
    let response = await send(token);
    if (response.status === 401) {
      await response.body?.cancel();
      options.tokens.invalidate(token);
      response = await send(await options.tokens.getToken());
    }
    await response.body?.cancel();
    return response.ok || response.status === 404;
  }

  return {
    /** Works every due step once; answers how many were acknowledged. */
    async runDue(): Promise<number> {
      const steps = await claimDueErasureSteps(db, now(), BATCH_SIZE);
      let acknowledged = 0;
      for (const step of steps) {
        let done = false;
        try {
          done = await attempt(step);
        } catch (error) {
          logger.warn(
            { step: step.service, reason: error instanceof Error ? error.message : String(error) },
            'erasure call failed',
          );
        }
        if (done) {
          await acknowledgeErasureStep(db, step, now());
          acknowledged += 1;
          logger.info({ step: step.service }, 'erasure acknowledged');
        } else {
          await postponeErasureStep(db, step, new Date(now().getTime() + erasureBackoff(step.attempts)));
        }
      }
      const finished = await removeFinishedErasures(db);
      if (finished > 0) logger.info({ finished }, 'erasures finished');
      return acknowledged;
    },
  };
}

export type ErasureWorker = ReturnType<typeof createErasureWorker>;
