/** A task that runs every interval and at once when poked, never twice at the same time; stopped with the app. */
import type { Logger } from 'pino';

export interface PeriodicTaskOptions {
  /** For the log. */
  readonly name: string;
  readonly intervalMilliseconds: number;
  readonly run: () => Promise<unknown>;
  readonly logger: Logger;
}

export interface PeriodicTask {
  /** Runs the task soon (after the current run, if one is going on). */
  poke(): void;
  /** Runs the task now, after the current run if any, and resolves when that run is over. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Starts a periodic task. A failing run is logged with its reason and the task goes on.
 *
 * @example const delivery = startPeriodicTask({ name: 'mail delivery', intervalMilliseconds: 1000, run: () => outbox.deliverDue(), logger });
 */
export function startPeriodicTask(options: PeriodicTaskOptions): PeriodicTask {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const runOnce = (): void => {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = options
      .run()
      .then(
        () => undefined,
        (error: unknown) => {
          options.logger.warn(
            { task: options.name, reason: error instanceof Error ? error.message : String(error) },
            'background task failed',
          );
        },
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          runOnce();
        }
      });
  };

  const timer = setInterval(runOnce, options.intervalMilliseconds);
  timer.unref();
  const idle = async () => {
    while (running !== undefined) await running;
  };
  return {
    poke: runOnce,
    async runNow() {
      await idle();
      runOnce();
      await idle();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      // A run may chain one more before it sees `stopped`; wait for both.
      await idle();
    },
  };
}
