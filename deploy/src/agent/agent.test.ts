import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs, isAlive } from '@tidepool/kit/testing';
import { Agent } from './agent.js';
import { BundleRegistry, type AgentBundle } from './bundle-registry.js';
import { SlotError } from './slot-error.js';
import { waitForSlotState } from './wait-for-state.js';

const codeRoot = fileURLToPath(new URL('../../..', import.meta.url));
const registry = new BundleRegistry({
  codeRoot,
  services: {
    'status-server': { entry: 'test/fixtures/status-server.ts', embeddedDatabase: false },
    'database-server': { entry: 'test/fixtures/status-server.ts', embeddedDatabase: true },
    'flagged-server': {
      entry: 'test/fixtures/status-server.ts',
      embeddedDatabase: false,
      nodeFlags: ['--max-semi-space-size=8'],
      environment: { SERVICE_TUNING: 'from the definition', OVERRIDDEN: 'by the definition' },
    },
  },
});
const agents: Agent[] = [];

function makeAgent() {
  const logs = captureLogs({ service: 'shio-agent' });
  const agent = new Agent({
    name: 'test',
    machine: 'test-machine',
    registry,
    logger: logs.logger,
    timings: {
      stopTimeoutMilliseconds: 1000,
      startTimeoutMilliseconds: 20_000,
      backoff: { initialMilliseconds: 50, maximumMilliseconds: 200, stableRunMilliseconds: 60_000 },
    },
  });
  agents.push(agent);
  return { agent, logs };
}

function bundle(config: Record<string, string> = {}, service = 'status-server'): AgentBundle {
  return { service, version: '1.0.0', config };
}

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stopAll()));
});

describe('the agent', () => {
  it('runs a bundle, reports RUNNING once /status answers, and stops its whole process tree', async () => {
    const { agent, logs } = makeAgent();
    const slot = agent.createSlot('status-1');
    agent.load('status-1', bundle({ SPAWN_HELPER: 'true' }));
    const started = await agent.start('status-1');
    expect(started.state).toBe('STARTING');
    await waitForSlotState(slot, ['RUNNING'], 20_000);
    const { pid, port } = slot.describe();
    expect(pid).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/status`)).status).toBe(200);

    const helperLine = slot.logs.last().find((line) => line.includes('helperPid'));
    const helperPid = (JSON.parse(helperLine ?? '{}') as { helperPid: number }).helperPid;
    expect(isAlive(helperPid)).toBe(true);
    const forwarded = logs.lines().find((line) => line.msg === 'slot output' && line.slot === 'status-1');
    expect(forwarded).toMatchObject({ output: { msg: 'helper started' } });

    expect((await agent.stop('status-1')).state).toBe('STOPPED');
    expect(isAlive(pid ?? 0)).toBe(false);
    // The helper is killed with the group as the process exits; the signal takes a moment to land.
    await expect.poll(() => isAlive(helperPid), { timeout: 2000 }).toBe(false);
  });

  it("starts a service with its definition's Node flags and environment", async () => {
    const { agent } = makeAgent();
    const slot = agent.createSlot('flagged-1');
    agent.load('flagged-1', bundle({ OVERRIDDEN: 'by the bundle' }, 'flagged-server'));
    await agent.start('flagged-1');
    await waitForSlotState(slot, ['RUNNING'], 20_000);
    const pid = slot.describe().pid ?? 0;
    const arguments_ = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0');
    const environment = readFileSync(`/proc/${String(pid)}/environ`, 'utf8').split('\0');

    expect(arguments_.slice(1, 2)).toEqual(['--max-semi-space-size=8']);
    expect(environment).toContain('SERVICE_TUNING=from the definition');
    expect(environment).toContain('OVERRIDDEN=by the bundle');
    expect(registry.resolve(bundle({}, 'status-server'))).toMatchObject({ nodeFlags: [], environment: {} });
  });

  it('restarts a process that was killed, with a new pid', async () => {
    const { agent } = makeAgent();
    const slot = agent.createSlot('status-1');
    agent.load('status-1', bundle());
    await agent.start('status-1');
    await waitForSlotState(slot, ['RUNNING'], 20_000);
    const firstPid = slot.describe().pid ?? 0;
    process.kill(firstPid, 'SIGKILL');
    await waitForSlotState(slot, ['CRASHED'], 5_000);
    await waitForSlotState(slot, ['RUNNING'], 20_000);
    const after = slot.describe();
    expect(after.pid).not.toBe(firstPid);
    expect(after.restarts).toBe(1);
    expect(after.lastExitSignal).toBe('SIGKILL');
  });

  it('keeps restarting a process that exits at once, and a stop ends the loop', async () => {
    const { agent } = makeAgent();
    const slot = agent.createSlot('broken');
    agent.load('broken', bundle({ EXIT_CODE: '3' }));
    await agent.start('broken');
    await expect.poll(() => slot.describe().restarts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(slot.describe().lastExitCode).toBe(3);
    await agent.stop('broken');
    expect(slot.state).toBe('STOPPED');
    const restarts = slot.describe().restarts;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slot.describe()).toMatchObject({ state: 'STOPPED', restarts });
  });

  it('kills a process that ignores SIGTERM after the stop timeout', async () => {
    const { agent } = makeAgent();
    const slot = agent.createSlot('stubborn');
    agent.load('stubborn', bundle({ IGNORE_SIGTERM: 'true' }));
    await agent.start('stubborn');
    await waitForSlotState(slot, ['RUNNING'], 20_000);
    const pid = slot.describe().pid ?? 0;
    const stopped = await agent.stop('stubborn');
    expect(stopped).toMatchObject({ state: 'STOPPED', lastExitSignal: 'SIGKILL' });
    expect(isAlive(pid)).toBe(false);
  });

  it('refuses a second live slot on the same embedded database directory', async () => {
    const { agent } = makeAgent();
    const slot = agent.createSlot('database-1');
    agent.createSlot('database-2');
    agent.load('database-1', bundle({ DATA_DIR: '/tmp/shio-agent-test' }, 'database-server'));
    agent.load('database-2', bundle({ DATA_DIR: '/tmp/shio-agent-test' }, 'database-server'));
    await agent.start('database-1');
    await expect(agent.start('database-2')).rejects.toMatchObject({ kind: 'DATABASE_IN_USE' });
    await waitForSlotState(slot, ['RUNNING'], 20_000);
  });

  it('refuses what the state of a slot does not allow, naming the reason', async () => {
    const { agent } = makeAgent();
    agent.createSlot('status-1');
    await expect(agent.start('status-1')).rejects.toThrow('has no bundle');
    expect(() => agent.load('status-1', bundle({}, 'no-such-service'))).toThrow(SlotError);
    expect(() => agent.createSlot('status-1')).toThrow(expect.objectContaining({ kind: 'SLOT_EXISTS' }));
    expect(() => agent.slot('nothing')).toThrow(expect.objectContaining({ kind: 'NO_SUCH_SLOT' }));
    agent.load('status-1', bundle());
    await agent.start('status-1');
    expect(() => {
      agent.unload('status-1');
    }).toThrow(expect.objectContaining({ kind: 'WRONG_STATE' }));
    expect(() => {
      agent.deleteSlot('status-1');
    }).toThrow(expect.objectContaining({ kind: 'WRONG_STATE' }));
    await agent.stop('status-1');
    agent.unload('status-1');
    agent.deleteSlot('status-1');
    expect(agent.slots()).toEqual([]);
  });
});
