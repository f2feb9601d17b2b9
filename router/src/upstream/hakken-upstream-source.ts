/** The instances of a service from a hakken watch (DESIGN.md §7): pushed changes, a local cache, its age. */
import type { ListingWatch } from '@tidepool/hakken';
import type { Listing } from '@tidepool/spec';
import type { UpstreamInstance, UpstreamSource } from './upstream-source.js';

function toInstance(listing: Listing): UpstreamInstance {
  const url = `${listing.protocol}://${listing.host}`;
  return { id: listing.id ?? url, url, draining: listing.draining === true };
}

/**
 * Adapts a hakken watch to an `UpstreamSource`. The watch keeps serving its last listings
 * when every coordinator is unreachable; `ageMilliseconds` says how old they are.
 * Closing the source closes the watch.
 *
 * @example resolveService: (service) => createHakkenUpstreamSource(hakken.watch(service))
 */
export function createHakkenUpstreamSource(watch: ListingWatch): UpstreamSource {
  let instances: readonly UpstreamInstance[] = watch.all().map(toInstance);
  const listeners = new Set<() => void>();
  const stopWatching = watch.on('change', () => {
    instances = watch.all().map(toInstance);
    for (const listener of listeners) listener();
  });
  return {
    instances: () => instances,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ageMilliseconds: () => watch.age(),
    close() {
      stopWatching();
      listeners.clear();
      watch.close();
    },
  };
}
