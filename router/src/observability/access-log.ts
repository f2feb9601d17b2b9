/** The access log: one pino JSON line per request, with what an operator needs and nothing secret. */
import { pino, type DestinationStream, type Logger } from 'pino';
import { standardOutput } from '@tidepool/kit';
import type { ProblemCode } from '@tidepool/spec';
import { createBatchedDestination, type BatchTarget } from './batched-destination.js';
import { createIsoTime } from './iso-time.js';

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
export type AccessLogWriter = (record: AccessRecord) => void;

/** The parts of a pino logger that `createAccessLogWriter` reads, through pino's exported symbols. */
interface PinoInternals {
  readonly [key: symbol]: unknown;
}

const INFO = 30;

/** A string as a JSON value; the common case (nothing to escape) without JSON.stringify's generic path. */
function jsonString(value: string): string {
  return SAFE_JSON_TEXT.test(value) ? `"${value}"` : JSON.stringify(value);
}

/** Characters that never need escaping in a JSON string (no quote, backslash, control or non-ASCII character). */
const SAFE_JSON_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Whether the logger writes lines exactly as `accessLine` lays them out: no mixin, hook, redaction or formatter of the object. */
function writesPlainLines(logger: Logger): boolean {
  const internals = logger as unknown as PinoInternals;
  const { symbols } = pino;
  const hooks = internals[symbols.hooksSym] as { logMethod?: unknown; streamWrite?: unknown } | undefined;
  const formatters = internals[symbols.formattersSym] as { log?: unknown } | undefined;
  const serializers = internals[symbols.serializersSym] as Record<string, unknown> | undefined;
  const stringifiers = internals[symbols.stringifiersSym] as object | undefined;
  const stream = internals[symbols.streamSym] as Record<symbol, unknown> | undefined;
  return (
    internals[symbols.mixinSym] === undefined &&
    hooks?.logMethod === undefined &&
    hooks?.streamWrite === undefined &&
    formatters?.log === undefined &&
    internals[symbols.nestedKeySym] == null &&
    !logger.msgPrefix &&
    stream?.[Symbol.for('pino.metadata')] !== true &&
    (stringifiers === undefined || Reflect.ownKeys(stringifiers).length === 0) &&
    ACCESS_KEYS.every((key) => serializers?.[key] === undefined) &&
    typeof internals[symbols.timeSym] === 'function' &&
    typeof (stream as { write?: unknown } | undefined)?.write === 'function'
  );
}

const ACCESS_KEYS = [
  'requestId',
  'method',
  'path',
  'route',
  'target',
  'instance',
  'attempts',
  'status',
  'durationMs',
  'problem',
  'msg',
];

/**
 * Writes access lines at `info` through `logger`'s destination. The line is the one pino
 * writes for `logger.info(record, 'request')` (same level, time, bindings and field order), laid
 * out by hand: pino's generic serialiser walks the object and escapes each value, ~5 µs a
 * line, as much as a tenth of what forwarding a small request costs (router/README.md,
 * "Performance"). A logger with features this layout does not reproduce (a mixin, hooks,
 * redaction, a log formatter, …) is simply called.
 */
export function createAccessLogWriter(logger: Logger): AccessLogWriter {
  if (!writesPlainLines(logger)) {
    return (record) => {
      logger.info(record, 'request');
    };
  }
  const internals = logger as unknown as PinoInternals;
  const { symbols } = pino;
  const time = internals[symbols.timeSym] as () => string;
  const stream = internals[symbols.streamSym] as { write(line: string): void };
  const messageKey = internals[symbols.messageKeySym] as string;
  const end = internals[symbols.endSym] as string;
  const message = `,${jsonString(messageKey)}:"request"`;
  return (record) => {
    if (logger.levelVal > INFO) return;
    // Read at each line: a level or a child's bindings do not change, but the cache is rebuilt when levels are.
    const levelText = (internals[symbols.lsCacheSym] as Record<number, string>)[INFO];
    const chindings = internals[symbols.chindingsSym] as string;
    let line = `${levelText}${time()}${chindings},"requestId":${jsonString(record.requestId)},"method":${jsonString(record.method)},"path":${jsonString(record.path)},"route":${jsonString(record.route)},"target":${jsonString(record.target)}`;
    if (record.instance !== undefined) line += `,"instance":${jsonString(record.instance)}`;
    line += `,"attempts":${record.attempts},"status":${record.status},"durationMs":${Number.isFinite(record.durationMs) ? record.durationMs : null}`;
    if (record.problem !== undefined) line += `,"problem":${jsonString(record.problem)}`;
    stream.write(line + message + end);
  };
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
const BATCH_LENGTH = 16 * 1024;
const FLUSH_MILLISECONDS = 250;

/**
 * The platform's asynchronous writer to standard output (the kit's `standardOutput`: it never
 * hangs at exit when the reader has gone), taking the batches as bytes. minLength 1: each batch
 * is written at once, and `flush` waits until it is written.
 */
function writer(): BatchTarget {
  // SonicBoom takes Buffers in its 'buffer' content mode; its types only name strings.
  const destination = standardOutput({ minLength: 1, contentMode: 'buffer' });
  return destination as unknown as BatchTarget;
}

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
    createBatchedDestination(writer(), {
      batchLength: BATCH_LENGTH,
      flushMilliseconds: FLUSH_MILLISECONDS,
    });
  const logger = pino(
    {
      level: options.level,
      base: { service: 'styx' },
      timestamp: createIsoTime(),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return logger;
}
