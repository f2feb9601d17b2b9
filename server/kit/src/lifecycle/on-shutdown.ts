/** SIGTERM/SIGINT handling for `main.ts`: close everything in reverse order, then exit. */
import type { Logger } from 'pino';

/** Something to close at shutdown, with a name for the log. */
export interface Closer {
  readonly name: string;
  close(): Promise<unknown>;
}

/** The parts of `process` that shutdown uses; tests pass a stand-in. */
export interface ShutdownProcess {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
  exit(code: number): void;
}

export interface ShutdownOptions {
  readonly logger: Logger;
  /** When closing takes longer than this, exit 1 anyway (default 30 s). */
  readonly timeoutMilliseconds?: number;
  readonly process?: ShutdownProcess;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * On the first SIGTERM or SIGINT, closes the closers in reverse order of opening (the server
 * before the database it uses), logs each step and exits 0, or 1 when a closer failed or
 * closing took too long. A second signal exits 1 at once, for an operator who will not wait.
 * Returns a function that removes the handlers.
 *
 * @example
 * onShutdown([{ name: 'database', close: () => database.close() }, { name: 'server', close: () => server.close() }], { logger });
 */
export function onShutdown(closers: readonly Closer[], options: ShutdownOptions): () => void {
  const target = options.process ?? process;
  const { logger } = options;
  let shuttingDown = false;

  async function closeAll(): Promise<boolean> {
    let failed = false;
    for (const closer of [...closers].reverse()) {
      try {
        await closer.close();
        logger.info({ closer: closer.name }, 'closed');
      } catch (error) {
        failed = true;
        const reason = error instanceof Error ? error.message : String(error);
        logger.error({ closer: closer.name, reason }, 'close failed');
      }
    }
    return failed;
  }

  const listeners = SIGNALS.map((signal) => {
    const listener = () => {
      if (shuttingDown) {
        logger.warn({ signal }, 'second signal: exiting at once');
        target.exit(1);
        return;
      }
      shuttingDown = true;
      logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        logger.error('closing took too long: exiting');
        target.exit(1);
      }, options.timeoutMilliseconds ?? 30_000);
      timer.unref();
      void closeAll().then((failed) => {
        clearTimeout(timer);
        logger.info({ failed }, 'shut down');
        target.exit(failed ? 1 : 0);
      });
    };
    target.on(signal, listener);
    return [signal, listener] as const;
  });

  return () => {
    for (const [signal, listener] of listeners) target.off(signal, listener);
  };
}
