/** A slot's output in the agent's own log: one JSON line per line, with the slot's name (DESIGN.md §8). */
import type { Logger } from 'pino';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Level = (typeof LEVELS)[number];

/** pino's numeric levels (10 trace … 60 fatal), for processes that log numbers. */
function levelOf(value: unknown, fallback: Level): Level {
  if (typeof value === 'string')
    return (LEVELS as readonly string[]).includes(value) ? (value as Level) : fallback;
  if (typeof value === 'number') return LEVELS[Math.round(value / 10) - 1] ?? fallback;
  return fallback;
}

function parseObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Logs one line of a slot's output at the level it was written with: a JSON log line is kept
 * as an object under `output` (the services' own redaction already applied to it), any other
 * line as text under `line` (stderr at `warn`).
 */
export function forwardLine(logger: Logger, stream: 'stdout' | 'stderr', line: string): void {
  if (line.trim() === '') return;
  const output = parseObject(line);
  const fallback: Level = stream === 'stderr' ? 'warn' : 'info';
  if (output === undefined) {
    logger[fallback]({ stream, line }, 'slot output');
    return;
  }
  logger[levelOf(output.level, fallback)]({ stream, output }, 'slot output');
}
