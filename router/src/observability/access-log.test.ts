import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { exitWithin } from '@tidepool/kit/testing';
import { createAccessLogWriter, createStyxLogger, type AccessRecord } from './access-log.js';

/** A logger whose raw lines a test reads. */
function recorded(create: (destination: { write(line: string): void }) => Logger) {
  const lines: string[] = [];
  const logger = create({
    write(line: string) {
      lines.push(line);
    },
  });
  return { logger, lines };
}

const RECORD: AccessRecord = {
  requestId: '5b0c4f0e-9d1a-4c55-8f5e-3f1c2b7d9a10',
  method: 'GET',
  path: '/data/0123456789abcdef',
  route: '/data',
  target: 'data',
  instance: '127.0.0.1:9123',
  attempts: 1,
  status: 200,
  durationMs: 1.37,
  problem: undefined,
};

/** The line minus its time, which differs between two calls. */
function withoutTime(line: string | undefined): unknown {
  const parsed = JSON.parse(line ?? 'null') as Record<string, unknown>;
  expect(typeof parsed.time === 'string' || typeof parsed.time === 'number').toBe(true);
  delete parsed.time;
  return parsed;
}

/** Writes `record` through the fast writer and through pino itself; both lines, parsed, without their times. */
function bothWays(create: (destination: { write(line: string): void }) => Logger, record: AccessRecord) {
  const { logger, lines } = recorded(create);
  createAccessLogWriter(logger)(record);
  logger.info(record, 'request');
  expect(lines).toHaveLength(2);
  return { fast: lines[0] ?? '', pino: lines[1] ?? '' };
}

describe('createAccessLogWriter', () => {
  const loggers: [string, (destination: { write(line: string): void }) => Logger][] = [
    ['styx logger', (destination) => createStyxLogger({ level: 'info', destination })],
    ['plain pino', (destination) => pino({ level: 'info' }, destination)],
    ['a child with bindings', (destination) => pino({}, destination).child({ worker: 2, zone: 'a"b' })],
    ['a logger with a mixin', (destination) => pino({ mixin: () => ({ extra: true }) }, destination)],
  ];

  it.each(loggers)('writes the line pino writes (%s)', (_name, create) => {
    const { fast, pino: expected } = bothWays(create, RECORD);
    expect(withoutTime(fast)).toEqual(withoutTime(expected));
    // Field order too: the same text once the times are set aside.
    expect(fast.replace(/"time":("[^"]*"|\d+)/, '')).toBe(expected.replace(/"time":("[^"]*"|\d+)/, ''));
  });

  it('escapes what JSON must escape, in every string field', () => {
    const hostile: AccessRecord = {
      ...RECORD,
      path: '/a"b\\c\u0001\u2028é\n',
      route: 'r"1',
      instance: 'in\tstance',
      problem: 'NOT_FOUND',
      status: 404,
    };
    const { fast, pino: expected } = bothWays(
      (destination) => createStyxLogger({ level: 'info', destination }),
      hostile,
    );
    expect(withoutTime(fast)).toEqual(withoutTime(expected));
    expect(fast.endsWith('\n')).toBe(true);
    expect(fast.slice(0, -1)).not.toContain('\n');
  });

  it('leaves out an instance and a problem that are not known, as pino does', () => {
    const { fast } = bothWays((destination) => createStyxLogger({ level: 'info', destination }), {
      ...RECORD,
      instance: undefined,
    });
    const parsed = JSON.parse(fast) as Record<string, unknown>;
    expect(Object.keys(parsed)).not.toContain('instance');
    expect(Object.keys(parsed)).not.toContain('problem');
  });

  it('writes nothing when the level is above info, and follows a level changed later', () => {
    const { logger, lines } = recorded((destination) => createStyxLogger({ level: 'warn', destination }));
    const write = createAccessLogWriter(logger);
    write(RECORD);
    expect(lines).toHaveLength(0);
    logger.level = 'info';
    write(RECORD);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'request', level: 'info', service: 'styx' });
  });
});

describe('styx’s logger at exit', () => {
  it('lets styx exit when the reader of its output has gone, with a batch still being written', async () => {
    const script = fileURLToPath(new URL('../testing/logging-process.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=tidepool-source', '--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'ignore', 'ipc'],
    });
    await new Promise((resolve) => child.once('message', resolve));
    // The reader goes away (shio's agent killed, a pipe into `head` closed) while styx is quiet.
    child.stdout?.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.send('log and exit');
    // With pino's own writer (SonicBoom 4) the exit retried the waiting batch forever.
    expect(await exitWithin(child, 10_000)).toEqual({ code: 0, signal: null });
  });
});
