import { EventEmitter } from 'node:events';
import type { SlotState } from '@tidepool/spec';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../agent/agent.js';
import type { PlanSlot } from './plan-schema.js';
import { startPlan } from './run-plan.js';

/** An agent whose slots change state when the test says so. */
function fakeAgent() {
  const slots = new Map<string, { name: string; state: SlotState; events: EventEmitter }>();
  const agent = {
    createSlot(name: string) {
      slots.set(name, { name, state: 'STOPPED', events: new EventEmitter() });
    },
    load() {},
    start(name: string) {
      const slot = slots.get(name);
      if (slot !== undefined) slot.state = 'STARTING';
      return Promise.resolve();
    },
    slot(name: string) {
      return slots.get(name);
    },
  };
  const setState = (state: SlotState) => {
    for (const slot of slots.values()) {
      slot.state = state;
      slot.events.emit('state', state);
    }
  };
  return { agent: agent as unknown as Agent, slots, setState };
}

function stageOf(count: number): { name: string; slots: PlanSlot[] }[] {
  const slots = Array.from({ length: count }, (_, index) => ({
    name: `echo-${index + 1}`,
    bundle: { service: 'echo', version: '1', config: {} },
  }));
  return [{ name: 'all', slots }];
}

const silent = { info: () => undefined } as never;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('startPlan', () => {
  it('waits for a stage of a dozen slots with one abort listener, not one per slot', async () => {
    process.on('warning', onWarning);
    const { agent, setState } = fakeAgent();
    const signal = new AbortController().signal;
    const started = startPlan({
      agent,
      logger: silent,
      signal,
      stages: stageOf(12),
      startTimeoutMilliseconds: 5000,
    });
    await new Promise((resolve) => setImmediate(resolve));
    setState('RUNNING');
    await expect(started).resolves.toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => warning.name)).toEqual([]);
  });

  it('stops waiting at once when the start is aborted', async () => {
    const { agent } = fakeAgent();
    const controller = new AbortController();
    const started = startPlan({
      agent,
      logger: silent,
      signal: controller.signal,
      stages: stageOf(3),
      startTimeoutMilliseconds: 60_000,
    });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(started).rejects.toThrow('Stopped while starting.');
  });

  it('names the slot that crashed while starting', async () => {
    const { agent, slots } = fakeAgent();
    const started = startPlan({
      agent,
      logger: silent,
      signal: new AbortController().signal,
      stages: stageOf(2),
      startTimeoutMilliseconds: 5000,
    });
    await new Promise((resolve) => setImmediate(resolve));
    const crashed = slots.get('echo-2');
    if (crashed === undefined) throw new Error('no slot echo-2');
    Object.assign(crashed, { describe: () => ({ lastExitCode: 3 }), logs: { last: () => ['boom'] } });
    crashed.state = 'CRASHED';
    crashed.events.emit('state', 'CRASHED');
    await expect(started).rejects.toThrow(/Slot echo-2 exited while starting \(exit code 3\)/);
  });

  it('starts no slot of a stage until what it waits for is made, and fails the start when that fails', async () => {
    const { agent, slots, setState } = fakeAgent();
    let made = (): void => undefined;
    const template = new Promise<void>((resolve) => {
      made = resolve;
    });
    const awaited: string[] = [];
    const started = startPlan({
      agent,
      logger: silent,
      signal: new AbortController().signal,
      stages: [{ name: 'first', slots: [] }, ...stageOf(2)],
      startTimeoutMilliseconds: 5000,
      beforeStage: (stage) => {
        awaited.push(stage.name);
        return stage.name === 'all' ? template : Promise.resolve();
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(awaited).toEqual(['first', 'all']);
    expect(slots.size).toBe(0);
    made();
    await new Promise((resolve) => setImmediate(resolve));
    expect([...slots.values()].map((slot) => slot.state)).toEqual(['STARTING', 'STARTING']);
    setState('RUNNING');
    await expect(started).resolves.toBeUndefined();

    const failing = startPlan({
      agent: fakeAgent().agent,
      logger: silent,
      signal: new AbortController().signal,
      stages: stageOf(1),
      startTimeoutMilliseconds: 5000,
      beforeStage: () => Promise.reject(new Error('no template: the disk is full')),
    });
    await expect(failing).rejects.toThrow('no template: the disk is full');
  });
});
