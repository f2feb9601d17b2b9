/** The options every facade method takes last: cancel, time limit, extra headers. */

export interface RequestOptions {
  /** Aborts the call, retries and waits included; the call then rejects with a ConnectionError (code ABORTED). */
  readonly signal?: AbortSignal;
  /** Time allowed for each attempt of this call, overriding the client's `timeoutMs`. */
  readonly timeoutMs?: number;
  /** Sent with this call only. */
  readonly headers?: Readonly<Record<string, string>>;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(['signal', 'timeoutMs', 'headers']);

/** Refuses misspelt request options, as createClient does for its own. */
export function checkRequestOptions(options: RequestOptions | undefined): void {
  if (options === undefined) return;
  const unknown = Object.keys(options).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown request option${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')}`,
    );
  }
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 2_147_483_647)
  ) {
    throw new TypeError('The request option "timeoutMs" must be a positive whole number of milliseconds.');
  }
}
