/** A pino logger whose lines a test can read. */
import { pino, type Logger } from 'pino';

export interface CapturedLogger {
  readonly logger: Logger;
  /** Every line written so far, parsed. */
  readonly lines: Record<string, unknown>[];
  /** The access-log lines (`msg: "request"`). */
  accessLines(): Record<string, unknown>[];
}

export function captureLogger(): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { logger, lines, accessLines: () => lines.filter((line) => line.msg === 'request') };
}
