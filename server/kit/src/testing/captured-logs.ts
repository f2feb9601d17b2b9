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
  /** Every line written so far, parsed; a line with a key written twice at its top level throws. */
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
        .map(parseLine),
  };
}

/**
 * A log line as a log store reads it. A field of the call named like one of the logger's own
 * (`service`, `level`, `time`) would be written a second time, and readers keep only one of the
 * two: a line of user-api about data's erasure would count as data's. `JSON.parse` hides that,
 * so the top-level keys are read off the text.
 */
function parseLine(line: string): Record<string, unknown> {
  const parsed = JSON.parse(line) as Record<string, unknown>;
  const keys = topLevelKeys(line);
  const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
  if (repeated.length > 0) throw new Error(`log line writes ${repeated.join(', ')} twice: ${line}`);
  return parsed;
}

/** The keys of a JSON object's text at its first level, in order, repeats included. */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '"') {
      const end = endOfString(text, index);
      let next = end + 1;
      while (/\s/.test(text[next] ?? '')) next += 1;
      if (depth === 1 && text[next] === ':') {
        keys.push(JSON.parse(text.slice(index, end + 1)) as string);
      }
      index = end;
    } else if (character === '{' || character === '[') depth += 1;
    else if (character === '}' || character === ']') depth -= 1;
  }
  return keys;
}

/** The index of the quote that ends the JSON string opening at `start`. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index;
}
