/** A coordinator's listings in memory: heartbeats, expiry, versions and the log of changes (DESIGN.md §7). */
import type { Listing } from '@tidepool/spec';
import type { ListingChange } from '../watch-event-types.js';
import { canonicalJson } from '../canonical-json.js';
import { EventLog } from './event-log.js';

/** A listing as stored: it always has its instance id. */
export type IdentifiedListing = Listing & { readonly id: string };

/** Where an upsert or removal comes from: a publisher itself, or a peer replicating one. */
export type ChangeOrigin = 'publisher' | 'peer';

export interface ListingStoreOptions {
  /** A listing not renewed for this long is dropped (heartbeat interval × allowed misses). */
  readonly expiryMs: number;
  /** The version before the first change; see `initialVersion` in start-coordinator. */
  readonly initialVersion: number;
  readonly eventLogSize: number;
  readonly now?: () => number;
}

interface StoredListing {
  readonly listing: IdentifiedListing;
  readonly canonical: string;
  renewedAt: number;
}

/** One key per instance of a service. */
function listingKey(service: string, id: string): string {
  return `${service}\u0000${id}`;
}

/**
 * The listings of one coordinator. Every change gets the next version and goes to the event
 * log and to the change listeners (the watch streams); a publish that changes nothing only
 * renews the heartbeat. A removed listing leaves a tombstone for two expiry periods, so that
 * a peer's late replication of an older heartbeat cannot bring it back.
 */
export class ListingStore {
  readonly log: EventLog;
  private readonly expiryMs: number;
  private readonly now: () => number;
  private readonly listings = new Map<string, StoredListing>();
  private readonly tombstones = new Map<string, number>();
  private readonly listeners = new Set<(change: ListingChange) => void>();

  constructor(options: ListingStoreOptions) {
    this.expiryMs = options.expiryMs;
    this.now = options.now ?? Date.now;
    this.log = new EventLog(options.initialVersion, options.eventLogSize);
  }

  get version(): number {
    return this.log.latestVersion;
  }

  get size(): number {
    return this.listings.size;
  }

  /** Stores or renews a listing; returns the change when it is new or different. */
  upsert(listing: IdentifiedListing, origin: ChangeOrigin): ListingChange | undefined {
    const key = listingKey(listing.service, listing.id);
    const now = this.now();
    if (origin === 'peer' && (this.tombstones.get(key) ?? 0) > now) return undefined;
    this.tombstones.delete(key);
    const canonical = canonicalJson(listing);
    const stored = this.listings.get(key);
    if (stored?.canonical === canonical) {
      stored.renewedAt = now;
      return undefined;
    }
    this.listings.set(key, { listing, canonical, renewedAt: now });
    return this.record('upsert', listing);
  }

  /** Withdraws a listing; returns the change when it was there. */
  remove(service: string, id: string): ListingChange | undefined {
    const key = listingKey(service, id);
    this.tombstones.set(key, this.now() + 2 * this.expiryMs);
    const stored = this.listings.get(key);
    if (stored === undefined) return undefined;
    this.listings.delete(key);
    return this.record('remove', stored.listing);
  }

  /** Drops every listing that missed its heartbeats and forgets old tombstones; returns the removals. */
  expire(): ListingChange[] {
    const now = this.now();
    const removals: ListingChange[] = [];
    for (const [key, stored] of this.listings) {
      if (now - stored.renewedAt >= this.expiryMs) {
        this.listings.delete(key);
        removals.push(this.record('remove', stored.listing));
      }
    }
    for (const [key, until] of this.tombstones) {
      if (until <= now) this.tombstones.delete(key);
    }
    return removals;
  }

  /** The listings that match, in no particular order. */
  list(matches: (listing: Listing) => boolean = () => true): IdentifiedListing[] {
    return [...this.listings.values()].map((stored) => stored.listing).filter(matches);
  }

  /** Calls the listener with every change, synchronously, in version order; returns the unsubscribe. */
  onChange(listener: (change: ListingChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(kind: ListingChange['kind'], listing: IdentifiedListing): ListingChange {
    const change: ListingChange = { kind, version: this.version + 1, listing };
    this.log.append(change);
    for (const listener of this.listeners) listener(change);
    return change;
  }
}
