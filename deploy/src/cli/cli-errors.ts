/** The two ways a `shio` command fails: a bad command line (exit 2) or an operation that failed (exit 1). */

/** The command line is wrong: nothing was done. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** An agent or a coordinator refused or could not be reached, or a deploy did not finish. */
export class OperationError extends Error {
  override readonly name = 'OperationError';
  readonly exitCode = 1;
}
