/**
 * shio under load (issue 5): `npm start` with a plan of two hakken coordinators, styx and two
 * slots of the echo fixture service. A slot's process is killed, then a new version is rolled
 * over both slots with the `shio` CLI, while GETs stream through styx: no request may fail.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@tidepool/kit/testing';
import { readLocalSecrets } from '@tidepool/shio';
import type { Server } from '@tidepool/spec';
import {
  describeServer,
  groupIsAlive,
  readSecrets,
  repositoryRoot,
  spawnPlatform,
  type PlatformProcess,
} from '../fixtures/platform-process.js';
import { startRequestStream } from '../fixtures/request-stream.js';

const dataDirectory = mkdtempSync(join(tmpdir(), 'tidepool-shio-slots-'));
let platform: PlatformProcess;
let agentUrl: string;
let serverSecret: string;
let publicUrl: string;
let coordinators: string;
let secretsOfEarlierStart: string;
/** Every slot process seen, so that afterAll can make sure none is left even when a test failed. */
const seenPids = new Set<number>();

async function server(): Promise<Server> {
  const described = await describeServer(agentUrl, serverSecret);
  for (const slot of described.slots) if (slot.pid !== undefined) seenPids.add(slot.pid);
  return described;
}

async function slotNamed(name: string) {
  const found = (await server()).slots.find((slot) => slot.name === name);
  if (found === undefined) throw new Error(`no slot ${name}`);
  return found;
}

function runShio(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repositoryRoot, 'deploy/bin/shio.js'), ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, DATA_DIR: dataDirectory },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      resolve({ code, output });
    });
  });
}

beforeAll(async () => {
  const [port, hakkenPort1, hakkenPort2] = await Promise.all([
    findFreePort(),
    findFreePort(),
    findFreePort(),
  ]);
  publicUrl = `http://127.0.0.1:${port}`;
  coordinators = `127.0.0.1:${hakkenPort1},127.0.0.1:${hakkenPort2}`;
  // The secrets of an earlier start: this start must find and keep them.
  readLocalSecrets(dataDirectory).save();
  secretsOfEarlierStart = readFileSync(join(dataDirectory, 'secrets.json'), 'utf8');
  platform = spawnPlatform(['--plan', 'test/fixtures/echo-plan.json', '--log-level', 'info'], {
    PORT: String(port),
    HAKKEN_PORT_1: String(hakkenPort1),
    HAKKEN_PORT_2: String(hakkenPort2),
    DATA_DIR: dataDirectory,
  });
  ({ agentUrl } = await platform.waitUntilRunning(80_000));
  serverSecret = readSecrets(dataDirectory).SERVER_SECRET ?? '';
  await server();
}, 90_000);

afterAll(async () => {
  platform.signal('SIGKILL');
  await platform.waitUntilStopped(10_000);
  for (const pid of seenPids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe('slots behind styx', () => {
  it('start with the secrets an earlier start made', () => {
    expect(platform.output()).toContain('using the secrets made at the first start');
    expect(readFileSync(join(dataDirectory, 'secrets.json'), 'utf8')).toBe(secretsOfEarlierStart);
  });

  it('route a request through styx to the echo service in a slot', async () => {
    const response = await fetch(`${publicUrl}/echo`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { service: string; version: string; pid: number };
    expect(body).toMatchObject({ service: 'echo', version: '1.0.0' });
    const echoPids = (await server()).slots
      .filter((slot) => slot.bundle?.service === 'echo')
      .map((slot) => slot.pid);
    expect(echoPids).toContain(body.pid);
  });

  it('restart a killed slot process while styx routes around the gap', async () => {
    const before = await slotNamed('echo-1');
    const stream = startRequestStream(`${publicUrl}/echo`, 1);
    await expect.poll(() => stream.succeeded(), { timeout: 10_000 }).toBeGreaterThan(20);
    process.kill(before.pid ?? 0, 'SIGKILL');
    await expect
      .poll(
        async () => {
          const slot = await slotNamed('echo-1');
          return slot.state === 'RUNNING' && slot.pid !== before.pid ? slot.restarts : -1;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(1);
    // Both instances serve again: the restarted one is back in hakken and in styx's choice.
    const answeredBy = new Set<number>();
    await expect
      .poll(
        async () => {
          answeredBy.add(((await (await fetch(`${publicUrl}/echo`)).json()) as { pid: number }).pid);
          return answeredBy.size;
        },
        { timeout: 15_000, interval: 20 },
      )
      .toBe(2);
    const result = await stream.stop();
    expect(result.failures).toEqual([]);
    expect(result.succeeded).toBeGreaterThan(20);
  }, 60_000);

  it('roll a new version over both slots under steady GETs through styx, and no request fails', async () => {
    const configFile = join(dataDirectory, 'echo-2.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        HOST: '127.0.0.1',
        HAKKEN_COORDINATORS: coordinators
          .split(',')
          .map((address) => `http://${address}`)
          .join(','),
        SERVER_SECRET: serverSecret,
        ECHO_VERSION: '2.0.0',
        LOG_LEVEL: 'warn',
      }),
      { mode: 0o600 },
    );
    const stream = startRequestStream(`${publicUrl}/echo`, 1);
    await expect.poll(() => stream.succeeded(), { timeout: 10_000 }).toBeGreaterThan(20);
    const deploy = await runShio([
      '--hakken',
      coordinators,
      'deploy',
      'echo',
      '--slots',
      '2',
      '--version',
      '2.0.0',
      '--config',
      configFile,
    ]);
    expect(deploy.output).toContain('draining');
    expect(deploy.code, deploy.output).toBe(0);
    // Some more traffic on the new version before the stream stops.
    const afterDeploy = stream.succeeded();
    await expect.poll(() => stream.succeeded(), { timeout: 10_000 }).toBeGreaterThan(afterDeploy + 20);
    const result = await stream.stop();
    expect(result.failures).toEqual([]);
    expect(result.versions).toEqual(['1.0.0', '2.0.0']);
    const echoSlots = (await server()).slots.filter((slot) => slot.bundle?.service === 'echo');
    expect(echoSlots.map((slot) => [slot.name, slot.state, slot.bundle?.version])).toEqual([
      ['echo-1', 'RUNNING', '2.0.0'],
      ['echo-2', 'RUNNING', '2.0.0'],
    ]);
  }, 90_000);

  it('stop every process on SIGTERM, leaving none behind', async () => {
    const slots = (await server()).slots;
    expect(slots.length).toBe(5);
    platform.signal('SIGTERM');
    await platform.waitUntilStopped(30_000);
    expect(platform.output()).toContain('Tidepool stopped');
    for (const slot of slots) expect(groupIsAlive(slot.pid ?? 0), slot.name).toBe(false);
    expect(groupIsAlive(platform.child.pid ?? 0)).toBe(false);
  }, 60_000);
});
