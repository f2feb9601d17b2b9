/**
 * The README's start command, run as a newcomer runs it (issue 5): `npm start` with the default
 * plan comes up healthy, routes requests through styx to the services that exist, and stops on
 * SIGTERM leaving no process. (shio-slots.test.ts starts again over secrets made before.)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@tidepool/kit/testing';
import { SERVICES, type Server } from '@tidepool/spec';
import {
  describeServer,
  groupIsAlive,
  readSecrets,
  spawnPlatform,
  type PlatformProcess,
} from '../fixtures/platform-process.js';

const dataDirectory = mkdtempSync(join(tmpdir(), 'tidepool-npm-start-'));
const started: PlatformProcess[] = [];
const seenPids = new Set<number>();
let environment: Record<string, string>;
let publicUrl: string;

async function startAndDescribe(): Promise<{ platform: PlatformProcess; server: Server }> {
  const platform = spawnPlatform([], environment);
  started.push(platform);
  const { agentUrl } = await platform.waitUntilRunning(120_000);
  const server = await describeServer(agentUrl, readSecrets(dataDirectory).SERVER_SECRET ?? '');
  for (const slot of server.slots) if (slot.pid !== undefined) seenPids.add(slot.pid);
  return { platform, server };
}

async function stop(platform: PlatformProcess, server: Server): Promise<void> {
  platform.signal('SIGTERM');
  await platform.waitUntilStopped(30_000);
  expect(platform.output()).toContain('Tidepool stopped');
  for (const slot of server.slots) expect(groupIsAlive(slot.pid ?? 0), slot.name).toBe(false);
  expect(groupIsAlive(platform.child.pid ?? 0)).toBe(false);
}

beforeAll(async () => {
  const [port, adminPort, hakkenPort1, hakkenPort2] = await Promise.all([
    findFreePort(),
    findFreePort(),
    findFreePort(),
    findFreePort(),
  ]);
  publicUrl = `http://127.0.0.1:${port}`;
  environment = {
    PORT: String(port),
    STYX_ADMIN_PORT: String(adminPort),
    HAKKEN_PORT_1: String(hakkenPort1),
    HAKKEN_PORT_2: String(hakkenPort2),
    DATA_DIR: dataDirectory,
  };
});

afterAll(async () => {
  for (const platform of started) {
    platform.signal('SIGKILL');
    await platform.waitUntilStopped(10_000);
  }
  for (const pid of seenPids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe('npm start', () => {
  it('comes up healthy, prints the URLs, reaches the services through styx and stops leaving no process', async () => {
    const { platform, server } = await startAndDescribe();
    const port = environment.PORT ?? '';
    expect(platform.output()).toContain(`portal  http://localhost:${port}/`);
    expect(platform.output()).toContain(`docs    http://localhost:${port}/docs`);
    expect(platform.output()).toContain('generated the server secret and deploy salts');
    expect(statSync(join(dataDirectory, 'secrets.json')).mode & 0o777).toBe(0o600);

    const names = server.slots.map((slot) => slot.name);
    expect(names).toEqual(expect.arrayContaining(['hakken-1', 'hakken-2', 'styx-1']));
    expect(server.slots.every((slot) => slot.state === 'RUNNING' && slot.pid !== undefined)).toBe(true);
    expect((await fetch(`${publicUrl}/status`)).status).toBe(200);

    // Every service that exists answers through styx under its public prefix.
    const routed = SERVICES.filter(
      (service) =>
        service.prefix !== null && server.slots.some((slot) => slot.bundle?.service === service.name),
    );
    for (const service of routed) {
      const response = await fetch(`${publicUrl}${service.prefix ?? ''}/status`);
      expect(response.status, service.name).toBe(200);
      expect(((await response.json()) as { service: string }).service).toBe(service.name);
    }
    if (names.includes('portal-1')) expect((await fetch(`${publicUrl}/`)).status).toBe(200);
    await stop(platform, server);
  }, 150_000);
});
