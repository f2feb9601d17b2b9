/** A starting coordinator's catch-up: the listings its peers know, so that it answers like them at once. */
import type { Logger } from 'pino';
import type { Coordinator } from '@tidepool/spec';
import type { CoordinatorApi } from '../coordinator-api.js';
import type { ListingStore } from './listing-store.js';

export interface CatchUpOptions {
  readonly store: ListingStore;
  readonly apiFor: (peer: Coordinator) => CoordinatorApi;
  readonly logger: Logger;
}

/**
 * Takes in every listing of the peers' snapshots (`GET /v1/listings`), as if replicated: each
 * gets a fresh heartbeat and is dropped one expiry later unless its publisher renews it, which
 * it does through whichever coordinator it talks to. Resolves with whether any peer answered.
 */
export async function catchUpFromPeers(
  peers: readonly Coordinator[],
  options: CatchUpOptions,
): Promise<boolean> {
  const answers = await Promise.all(
    peers.map(async (peer) => {
      try {
        const answer = await options.apiFor(peer).listAllListings();
        if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
        return answer.body.listings;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        options.logger.info({ peer: peer.host, reason }, 'no catch-up from peer');
        return undefined;
      }
    }),
  );
  let learned = 0;
  for (const listings of answers) {
    for (const listing of listings ?? []) {
      if (listing.id === undefined) continue;
      if (options.store.upsert({ ...listing, id: listing.id }, 'peer') !== undefined) learned += 1;
    }
  }
  const answered = answers.some((listings) => listings !== undefined);
  if (answered) options.logger.info({ learned }, 'caught up from peers');
  return answered;
}
