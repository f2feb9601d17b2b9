import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exitWithin } from '../testing/process-exit.js';

const PROCESS = fileURLToPath(new URL('../../test-fixtures/logging-process.ts', import.meta.url));

function start(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--conditions=tidepool-source', '--import', 'tsx', PROCESS], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = child.stdout;
  if (output === null) throw new Error('The process has no standard output to read.');
  return { child, output };
}

describe('the services’ standard output', () => {
  it('lets a quiet process stop on SIGTERM after the reader of its output has gone', async () => {
    const { child, output } = start();
    await new Promise((resolve) => child.once('message', resolve));
    // The reader goes away (shio's agent killed, a pipe into `head` closed) while nothing is logged.
    output.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    // pino's own writer kept retrying the shutdown lines at exit, forever: the process never ended.
    expect(await exitWithin(child, 10_000)).toEqual({ code: 0, signal: null });
  });

  it('writes every line logged before the process exits', async () => {
    const { child, output } = start({ LINES: '3000' });
    const exited = exitWithin(child, 60_000);
    let text = '';
    output.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    const ended = new Promise((resolve) => output.once('end', resolve));
    expect(await exited).toEqual({ code: 0, signal: null });
    await ended;
    const indexes = text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { index: number }).index);
    expect(indexes).toEqual(Array.from({ length: 3000 }, (_, index) => index + 1));
  });
});
