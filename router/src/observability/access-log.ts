/** The access log: one pino JSON line per request, with what an operator needs and nothing secret. */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { ProblemCode } from '@tidepool/spec';
import { createBatchedDestination } from './batched-destination.js';

/** What one request line says. Never headers, never the query string (tokens travel there). */
export interface AccessRecord {
  readonly requestId: string;
  readonly method: string;
  /** The path, or for a refused internal route the contract's template (`/auth/token/:token`). */
  readonly path: string;
  /** The rule name, or `-` when no rule matched. */
  readonly route: string;
  /** The target service (`service` names styx itself on every line), or `-`. */
  readonly target: string;
  /** The id of the instance that answered (or the last one tried). */
  readonly instance: string | undefined;
  readonly attempts: number;
  /** The status sent; 499 when the client left before the answer was complete. */
  readonly status: number;
  readonly durationMs: number;
  /** The problem code when styx answered itself. */
  readonly problem: ProblemCode | undefined;
}

export type { Logger };

/** Paths longer than this are cut in the log, so that a hostile client cannot fill it. */
const LOGGED_PATH_LENGTH = 256;

/** Writes one access line at `info`. */
export function logAccess(logger: Logger, record: AccessRecord): void {
  logger.info(record, 'request');
}

/** A path as the log shows it: cut after `LOGGED_PATH_LENGTH` characters. */
export function loggedPath(path: string): string {
  return path.length > LOGGED_PATH_LENGTH ? path.slice(0, LOGGED_PATH_LENGTH) + '…' : path;
}

export interface StyxLoggerOptions {
  readonly level: string;
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

/** Lines are handed to the writer in batches of about this many characters, or at least every `FLUSH_MILLISECONDS`. */
const BATCH_CHARACTERS = 16 * 1024;
const FLUSH_MILLISECONDS = 250;

/**
 * styx's logger: JSON lines with `service: "styx"`, ISO times and level names, like the
 * services' (server/kit). Writes are asynchronous (pino's SonicBoom, `sync: false`) and
 * batched (see `createBatchedDestination`): one write per request would cost as much as
 * forwarding it. A timer flushes a partial batch, so that a quiet styx still logs within a
 * quarter of a second; `logger.flush()` (on SIGTERM, see main.ts) and the process's exit
 * write what is pending.
 */
export function createStyxLogger(options: StyxLoggerOptions): Logger {
  const destination =
    options.destination ??
    // minLength 1: each batch is written at once, and `flush` waits until it is written.
    createBatchedDestination(pino.destination({ dest: 1, sync: false, minLength: 1 }), {
      batchCharacters: BATCH_CHARACTERS,
      flushMilliseconds: FLUSH_MILLISECONDS,
    });
  const logger = pino(
    {
      level: options.level,
      base: { service: 'styx' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return logger;
}
