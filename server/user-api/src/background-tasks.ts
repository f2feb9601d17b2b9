/** Work a handler starts after answering (a rehash, a reset mail), tracked so that closing the app waits for it. */
import type { Logger } from 'pino';

export interface BackgroundTasks {
  /** Starts `work` without waiting for it; a failure is logged with its reason, never thrown. */
  run(name: string, work: () => Promise<unknown>): void;
  /** Resolves when every started task has settled. */
  settled(): Promise<void>;
}

/**
 * Tracks background work.
 *
 * @example background.run('password rehash', () => accounts.replacePasswordHash(userid, old, fresh));
 */
export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const pending = new Set<Promise<void>>();
  return {
    run(name, work) {
      const task = work().then(
        () => undefined,
        (error: unknown) => {
          logger.warn(
            { task: name, reason: error instanceof Error ? error.message : String(error) },
            'background task failed',
          );
        },
      );
      pending.add(task);
      void task.finally(() => pending.delete(task));
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
