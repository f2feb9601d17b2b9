/**
 * Bad input to `npm start` and `shio` (issue 5): clear errors, the right exit codes, and
 * nothing started half-way and left running.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@tidepool/kit/testing';
import { groupIsAlive, repositoryRoot } from '../fixtures/platform-process.js';

const directory = mkdtempSync(join(tmpdir(), 'tidepool-bad-input-'));
const startedPids = new Set<number>();

afterAll(() => {
  for (const pid of startedPids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
  rmSync(directory, { recursive: true, force: true });
});

function run(command: string, args: readonly string[], environment: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, {
      cwd: repositoryRoot,
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** The start script itself, as `npm start` runs it, so that its own exit code is seen. */
function start(args: readonly string[], environment: Record<string, string>) {
  return run(
    process.execPath,
    ['--conditions=tidepool-source', '--import', 'tsx', 'deploy/src/start.ts', ...args],
    environment,
  );
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

function hakkenStage(port: number) {
  return {
    name: 'discovery',
    slots: [
      {
        name: 'hakken-1',
        bundle: {
          service: 'hakken',
          version: 'test',
          config: {
            HOST: '127.0.0.1',
            PORT: String(port),
            SERVER_SECRET: '${SERVER_SECRET}',
            LOG_LEVEL: 'warn',
          },
        },
      },
    ],
  };
}

function writePlan(name: string, plan: unknown): string {
  const file = join(directory, name);
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

describe('npm start with bad input', () => {
  it('explains its options with --help, and refuses an unknown option with exit code 2', async () => {
    const help = await run('npm', ['start', '--', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--plan <file>');
    expect(help.stdout).toContain('PORT');
    const unknown = await start(['--frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
  });

  it('checks the whole plan before starting anything: every problem at once, exit code 2', async () => {
    const port = await findFreePort();
    const dataDirectory = join(directory, 'data-bad-plan');
    const plan = writePlan('bad-plan.json', {
      hakken: [`127.0.0.1:${port}`],
      publicUrl: 'http://localhost:1',
      stages: [
        hakkenStage(port),
        {
          name: 'services',
          slots: [
            { name: 'mystery-1', bundle: { service: 'mystery', version: '1', config: {} } },
            hakkenStage(port).slots[0],
          ],
        },
      ],
    });
    const result = await start(['--plan', plan, '--data-dir', dataDirectory], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Invalid plan ${plan} (3 problems)`);
    expect(result.stderr).toContain('stages.1.slots.0.bundle.service: unknown service "mystery"');
    expect(result.stderr).toContain('stages.1.slots.1.name: the slot name hakken-1 is used twice');
    expect(result.stderr).toContain(
      `stages.1.slots.1.bundle.config.PORT: port ${port} is taken by slot hakken-1`,
    );
    // The first stage was valid, but nothing started and no secret was written.
    expect(await isListening(port)).toBe(false);
    expect(existsSync(join(dataDirectory, 'secrets.json'))).toBe(false);
  });

  it('stops what it started when a slot does not come up, and says why (exit code 1)', async () => {
    const port = await findFreePort();
    const plan = writePlan('crashing.json', {
      hakken: [`127.0.0.1:${port}`],
      publicUrl: 'http://localhost:1',
      services: { echo: { entry: 'test/fixtures/echo-service/main.ts' } },
      stages: [
        hakkenStage(port),
        // No HAKKEN_COORDINATORS: the echo service refuses its configuration and exits.
        {
          name: 'services',
          slots: [
            {
              name: 'echo-1',
              bundle: { service: 'echo', version: '1', config: { SERVER_SECRET: '${SERVER_SECRET}' } },
            },
          ],
        },
      ],
    });
    const result = await start(['--plan', plan, '--data-dir', join(directory, 'data-crash')], {});
    const pids = [...result.stdout.matchAll(/"pid":(\d+)[^\n]*"msg":"started"/g)].map((match) =>
      Number(match[1]),
    );
    for (const pid of pids) startedPids.add(pid);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Tidepool did not start: Slot echo-1 exited while starting (exit code 1)',
    );
    expect(result.stderr).toContain('HAKKEN_COORDINATORS');
    expect(pids.length).toBeGreaterThanOrEqual(2);
    for (const pid of pids) expect(groupIsAlive(pid)).toBe(false);
    expect(await isListening(port)).toBe(false);
  }, 60_000);
});

describe('shio with bad arguments', () => {
  it('exits 2 with a clear message', async () => {
    const result = await run(process.execPath, ['deploy/bin/shio.js', 'deploy', 'echo', '--slots', 'many']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--slots <count>' argument 'many' is invalid");
  });
});
