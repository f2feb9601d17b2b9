import { describe, expect, it } from 'vitest';
import type { SlotState } from '@tidepool/spec';
import { nextSlotState, type SlotEvent } from './slot-state.js';

const EVENTS: readonly SlotEvent[] = ['spawn', 'healthy', 'terminate', 'exit', 'cancel'];

describe('the slot state machine', () => {
  it('goes STOPPED → STARTING → RUNNING → DRAINING → STOPPED on a clean start and stop', () => {
    const path: SlotEvent[] = ['spawn', 'healthy', 'terminate', 'exit'];
    const states = path.reduce<SlotState[]>(
      (visited, event) => [...visited, nextSlotState(visited.at(-1) ?? 'STOPPED', event) ?? 'STOPPED'],
      ['STOPPED'],
    );
    expect(states).toEqual(['STOPPED', 'STARTING', 'RUNNING', 'DRAINING', 'STOPPED']);
  });

  it('calls an exit nobody asked for a crash, before or after the health check', () => {
    expect(nextSlotState('STARTING', 'exit')).toBe('CRASHED');
    expect(nextSlotState('RUNNING', 'exit')).toBe('CRASHED');
  });

  it('restarts a crashed slot, or stops it for good when a stop cancels the restart', () => {
    expect(nextSlotState('CRASHED', 'spawn')).toBe('STARTING');
    expect(nextSlotState('CRASHED', 'cancel')).toBe('STOPPED');
  });

  it('refuses events that cannot happen', () => {
    expect(nextSlotState('STOPPED', 'healthy')).toBeUndefined();
    expect(nextSlotState('STOPPED', 'exit')).toBeUndefined();
    expect(nextSlotState('RUNNING', 'spawn')).toBeUndefined();
    expect(nextSlotState('DRAINING', 'spawn')).toBeUndefined();
    expect(nextSlotState('DRAINING', 'healthy')).toBeUndefined();
  });

  it('never leaves DRAINING except by the exit of the process', () => {
    const leaving = EVENTS.filter((event) => nextSlotState('DRAINING', event) !== undefined);
    expect(leaving).toEqual(['exit']);
  });
});
