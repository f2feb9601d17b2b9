/** Finds running instances of other services through hakken watches, for the erasure calls. */
import type { HakkenClient, ListingWatch } from '@tidepool/hakken';
import type { ServiceResolver } from './erasure/erasure-worker.js';

/**
 * A resolver over hakken: one watch per service, opened on first use and kept, so that each
 * lookup reads the local cache (DESIGN.md §7). A draining instance is never picked.
 */
export function createHakkenServiceResolver(hakken: HakkenClient): ServiceResolver {
  const watches = new Map<string, ListingWatch>();
  return (service) => {
    let watch = watches.get(service);
    if (watch === undefined) {
      watch = hakken.watch(service);
      watches.set(service, watch);
    }
    const listing = watch.pick();
    return listing === undefined ? undefined : `${listing.protocol}://${listing.host}`;
  };
}
