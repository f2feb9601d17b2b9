/** Loggers for tests: one that drops everything, and one whose lines a test can read. */
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { LogLevel } from '../config/service-config.js';
import { createLogger } from '../logging/create-logger.js';

/** A logger that writes nothing (and opens no writer to stdout: a test file makes dozens). */
export function silentLogger(): Logger {
  return createLogger({ service: 'test', level: 'silent', destination: { write: () => undefined } });
}

export interface CapturedLogs {
  /** A logger with the services' redaction, writing into memory. */
  readonly logger: Logger;
  /** The raw text written so far, to search for a secret that must not be there. */
  text(): string;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
}

/**
 * A logger set up as in production (same redaction) whose output the test reads.
 *
 * @example const logs = captureLogs(); …; expect(logs.text()).not.toContain(password);
 */
export function captureLogs(
  options: { readonly service?: string; readonly level?: LogLevel } = {},
): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({
    service: options.service ?? 'test',
    level: options.level ?? 'trace',
    destination,
  });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
