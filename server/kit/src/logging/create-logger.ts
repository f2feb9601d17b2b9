/** The services' logger: pino, JSON lines to stdout, with secrets censored. */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/service-config.js';
import { censorSecrets } from './redaction.js';
import { standardOutput } from './standard-output.js';

export type { Logger };

export interface LoggerOptions {
  /** The hakken service name, on every line. */
  readonly service: string;
  readonly level: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

/**
 * A pino logger whose lines carry the service name and never a credential: headers and
 * fields such as `password`, `token`, `secret` and `hash`, at any depth, are replaced with
 * `[Redacted]` (`censorSecrets`, on each line as pino writes it).
 *
 * @example const logger = createLogger({ service: 'user-api', level: config.LOG_LEVEL });
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: censorSecrets },
    },
    options.destination ?? sharedStandardOutput(),
  );
}

let shared: ReturnType<typeof standardOutput> | undefined;

/**
 * One writer to stdout for every logger of the process: a process may make many (each hakken
 * client without a logger of its own makes a silent one), and each writer would hold its own
 * buffer and exit listener.
 */
function sharedStandardOutput(): ReturnType<typeof standardOutput> {
  shared ??= standardOutput();
  return shared;
}
