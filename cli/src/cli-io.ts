/** What the `tidepool` command reads and writes, passed in so that tests run it in-process. */

/** A place to write text: the process's stdout or stderr (a terminal gets a progress bar), or a buffer in tests. */
export interface CliOutput {
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: the import stops between batches and reports what it did. */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 done, 1 the work failed (login, rejected batches, network), 2 the command was wrong. */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake in the command line or its inputs (missing password, unreadable file): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
