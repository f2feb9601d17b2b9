/** The options of createClient: their types, defaults, and the check that rejects unknown ones. */
import { z } from 'zod';
import type { SessionChange } from '../session/session-manager.js';
import type { SessionStorage } from '../session/session-storage.js';
import { DEFAULT_RETRY } from '../transport/retry-policy.js';
import type { RetryOptions } from '../transport/retry-policy.js';

/** The fetch the client calls: the global one by default, or any function with its shape. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Time as the client sees it; tests replace it to skip real waits. */
export interface Clock {
  now(): number;
  /** Resolves after `milliseconds`, or early once `signal` aborts. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

export interface ClientOptions {
  /** Where styx answers, for example `https://api.example.org` (a path prefix is kept). */
  readonly baseUrl: string;
  /** Defaults to the global fetch (Node 20+, browsers). */
  readonly fetch?: FetchFunction;
  /** Keeps the session across reloads or restarts; in memory only without it. */
  readonly storage?: SessionStorage;
  /** Called on login, signup, logout, token refresh and expiry. */
  readonly onSessionChange?: (change: SessionChange) => void;
  readonly retry?: Partial<RetryOptions>;
  /** Time allowed for each attempt, answer body included; default 30 s. */
  readonly timeoutMs?: number;
  /** Sent with every request, for example a client name for the server's logs. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The token is refreshed before the first call made after it is this old; default 10 minutes. */
  readonly refreshAfterMs?: number;
  readonly clock?: Clock;
}

/** The options with every default filled in. */
export interface ResolvedClientOptions {
  readonly baseUrl: string;
  readonly fetch: FetchFunction;
  readonly storage: SessionStorage | undefined;
  readonly onSessionChange: ((change: SessionChange) => void) | undefined;
  readonly retry: RetryOptions;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly refreshAfterMs: number;
  readonly clock: Clock;
}

/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

const functionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'must be a function',
});
const millisecondsSchema = z.number().int().positive().max(MAX_TIMER_MS);

const ClientOptionsSchema = z
  .object({
    baseUrl: z
      .string()
      .url()
      .refine((url) => /^https?:\/\//i.test(url), { message: 'must be an http or https URL' }),
    fetch: functionSchema.optional(),
    storage: z.object({ get: functionSchema, set: functionSchema }).passthrough().optional(),
    onSessionChange: functionSchema.optional(),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(10).optional(),
        baseDelayMs: z.number().int().min(0).max(MAX_TIMER_MS).optional(),
        maxDelayMs: z.number().int().min(0).max(MAX_TIMER_MS).optional(),
      })
      .strict()
      .optional(),
    timeoutMs: millisecondsSchema.optional(),
    headers: z.record(z.string()).optional(),
    refreshAfterMs: millisecondsSchema.optional(),
    clock: z.object({ now: functionSchema, sleep: functionSchema }).passthrough().optional(),
  })
  .strict();

/**
 * Checks the options and fills in defaults. Unknown or misspelt options are refused rather
 * than ignored (`retries` instead of `retry` would otherwise silently turn nothing on).
 *
 * @throws TypeError naming every problem at once.
 */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const parsed = ClientOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((key) => (where === '' ? key : `${where}.${key}`));
        return `unknown option${keys.length > 1 ? 's' : ''} ${keys.map((key) => `"${key}"`).join(', ')}`;
      }
      return `"${where}" ${issue.message}`;
    });
    throw new TypeError(`createClient: ${problems.join('; ')}`);
  }
  const fetch = options.fetch ?? globalFetch();
  const retry = { ...DEFAULT_RETRY, ...parsed.data.retry };
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch,
    storage: options.storage,
    onSessionChange: options.onSessionChange,
    retry: { ...retry, maxDelayMs: Math.max(retry.maxDelayMs, retry.baseDelayMs) },
    timeoutMs: options.timeoutMs ?? 30_000,
    headers: options.headers ?? {},
    refreshAfterMs: options.refreshAfterMs ?? 10 * 60_000,
    clock: options.clock ?? systemClock,
  };
}

function globalFetch(): FetchFunction {
  if (typeof globalThis.fetch !== 'function') {
    throw new TypeError('createClient: this runtime has no global fetch; pass one as the "fetch" option.');
  }
  // Looked up at each call, so that a fetch installed later (a test server, a polyfill) is used.
  return (url, init) => globalThis.fetch(url, init);
}

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (milliseconds, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const timer = setTimeout(done, milliseconds);
      signal?.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    }),
};
