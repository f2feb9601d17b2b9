/** A watch's local copy of the listings it matches, turning snapshots and changes into change events. */
import type { Listing } from '@tidepool/spec';
import { canonicalJson } from '../canonical-json.js';
import type { ListingChange } from '../watch-event-types.js';

/** A change of the cache, in the order it happened. */
export type WatchChange =
  | { readonly kind: 'added'; readonly listing: Listing }
  | { readonly kind: 'updated'; readonly listing: Listing; readonly previous: Listing }
  | { readonly kind: 'removed'; readonly listing: Listing };

interface Entry {
  readonly listing: Listing;
  readonly canonical: string;
}

function keyOf(listing: Listing): string {
  return `${listing.service}\u0000${listing.id ?? listing.host}`;
}

/**
 * The listings of a watch. `replace` takes a snapshot and returns what differs from the cache
 * (so that removals during a disconnection are reported too); `apply` takes one change. A
 * listing that stops matching the filter counts as removed.
 */
export class ListingCache {
  private readonly entries = new Map<string, Entry>();
  private readonly matches: (listing: Listing) => boolean;

  constructor(matches: (listing: Listing) => boolean) {
    this.matches = matches;
  }

  all(): Listing[] {
    return [...this.entries.values()].map((entry) => entry.listing);
  }

  /** Replaces the cache with a snapshot; returns the removals first, then additions and updates. */
  replace(listings: readonly Listing[]): WatchChange[] {
    const incoming = new Map<string, Listing>();
    for (const listing of listings) if (this.matches(listing)) incoming.set(keyOf(listing), listing);
    const changes: WatchChange[] = [];
    for (const [key, entry] of this.entries) {
      if (!incoming.has(key)) {
        this.entries.delete(key);
        changes.push({ kind: 'removed', listing: entry.listing });
      }
    }
    for (const listing of incoming.values()) {
      const change = this.store(listing);
      if (change !== undefined) changes.push(change);
    }
    return changes;
  }

  /** Applies one change of the coordinator; returns the change of the cache, if any. */
  apply(change: ListingChange): WatchChange | undefined {
    if (change.kind === 'upsert' && this.matches(change.listing)) return this.store(change.listing);
    const key = keyOf(change.listing);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    return { kind: 'removed', listing: entry.listing };
  }

  private store(listing: Listing): WatchChange | undefined {
    const key = keyOf(listing);
    const canonical = canonicalJson(listing);
    const previous = this.entries.get(key);
    if (previous?.canonical === canonical) return undefined;
    this.entries.set(key, { listing, canonical });
    return previous === undefined
      ? { kind: 'added', listing }
      : { kind: 'updated', listing, previous: previous.listing };
  }
}
