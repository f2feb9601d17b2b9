/** Waiting for a slot to reach a state, with a bound, so that a caller fails with a reason instead of hanging. */
import type { SlotState } from '@tidepool/spec';
import type { Slot } from './slot.js';

/**
 * Resolves with the slot's state once it is one of `states` (at once when it already is);
 * rejects after `timeoutMilliseconds` naming the slot and the state it is stuck in.
 *
 * @example await waitForSlotState(slot, ['RUNNING'], 30_000);
 */
export function waitForSlotState(
  slot: Slot,
  states: readonly SlotState[],
  timeoutMilliseconds: number,
): Promise<SlotState> {
  if (states.includes(slot.state)) return Promise.resolve(slot.state);
  return new Promise((resolve, reject) => {
    const onState = (state: SlotState) => {
      if (!states.includes(state)) return;
      clearTimeout(timer);
      slot.events.off('state', onState);
      resolve(state);
    };
    const timer = setTimeout(() => {
      slot.events.off('state', onState);
      reject(
        new Error(
          `Slot ${slot.name} is still ${slot.state} after ${timeoutMilliseconds} ms (waited for ${states.join(' or ')}).`,
        ),
      );
    }, timeoutMilliseconds);
    slot.events.on('state', onState);
  });
}
