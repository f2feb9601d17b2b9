/** Long loops of an upload, cut into turns of the event loop. */
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Data handled between two turns of the event loop while an upload is split, hashed and sealed:
 * 10,000 data at once kept the loop for a second, and the service answered nothing else meanwhile.
 */
export const DATA_PER_TURN = 1000;

/**
 * The items in slices of `perTurn`, the event loop let turn once before each slice but the first
 * (timers, other requests, the heartbeats to hakken). A turn costs a few microseconds; the items
 * of a slice are walked by a plain loop, without a promise each.
 *
 * @example
 * for await (const slice of inTurns(input)) for (const datum of slice) prepare(datum);
 */
export async function* inTurns<Item>(
  items: readonly Item[],
  perTurn = DATA_PER_TURN,
): AsyncGenerator<readonly Item[]> {
  for (let start = 0; start < items.length; start += perTurn) {
    if (start > 0) await nextTurn();
    yield items.slice(start, start + perTurn);
  }
}
