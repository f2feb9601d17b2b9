/** The life of a slot's process as a state machine (DESIGN.md §8): which event moves which state where. */
import type { SlotState } from '@tidepool/spec';

/**
 * What happens to a slot's process:
 * - `spawn`: the agent starts the process (asked to, or a restart after a crash);
 * - `healthy`: its health check answered;
 * - `terminate`: the agent sent SIGTERM (drain or stop);
 * - `exit`: the process ended, asked to or not;
 * - `cancel`: a stop while a restart after a crash is pending.
 */
export type SlotEvent = 'spawn' | 'healthy' | 'terminate' | 'exit' | 'cancel';

const TRANSITIONS: Readonly<Record<SlotState, Partial<Record<SlotEvent, SlotState>>>> = {
  STOPPED: { spawn: 'STARTING' },
  // An exit nobody asked for is a crash, whether or not the health check had answered.
  STARTING: { healthy: 'RUNNING', terminate: 'DRAINING', exit: 'CRASHED' },
  RUNNING: { terminate: 'DRAINING', exit: 'CRASHED' },
  DRAINING: { exit: 'STOPPED' },
  CRASHED: { spawn: 'STARTING', cancel: 'STOPPED' },
};

/** The state after `event`, or `undefined` when the event cannot happen in `state`. */
export function nextSlotState(state: SlotState, event: SlotEvent): SlotState | undefined {
  return TRANSITIONS[state][event];
}
