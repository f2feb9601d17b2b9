/** Embedded PGlite shares the service's event loop: it hands it back between statements. */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';

/** How long PGlite may keep the event loop across statements before it lets timers and I/O run. */
export const PGLITE_SLICE_MILLISECONDS = 50;

/**
 * PGlite runs PostgreSQL in the service's own thread, and its statements follow each other
 * through promises alone: a transaction of a few large statements (an upload of 10,000 data)
 * held the event loop for seconds, so that no other request was answered and the service's
 * heartbeats to hakken stopped. With this, before each protocol message PGlite sends, the
 * client lets the event loop turn once when `sliceMilliseconds` have passed since it last did.
 * A statement itself cannot be cut: the longest wait is then about one statement.
 *
 * The cost: one `setImmediate` per slice, nothing for the short queries of most requests.
 * Another request cannot slip into a transaction: PGlite runs one at a time.
 */
export function shareEventLoop(client: PGlite, sliceMilliseconds = PGLITE_SLICE_MILLISECONDS): void {
  const execProtocolStream = client.execProtocolStream.bind(client);
  let lastTurn = performance.now();
  client.execProtocolStream = async (message, options) => {
    if (performance.now() - lastTurn >= sliceMilliseconds) {
      await nextTurn();
      lastTurn = performance.now();
    }
    return execProtocolStream(message, options);
  };
}
