import { describe, expect, it } from 'vitest';
import type { ListingChange } from '../watch-event-types.js';
import { ListingStore, type IdentifiedListing } from './listing-store.js';

function listing(id: string, extra: Record<string, unknown> = {}): IdentifiedListing {
  return { service: 'user-api', host: '127.0.0.1:9107', protocol: 'http', id, ...extra };
}

function storeAt(clock: { now: number }) {
  return new ListingStore({ expiryMs: 300, initialVersion: 1000, eventLogSize: 100, now: () => clock.now });
}

describe('ListingStore', () => {
  it('gives each change the next version and tells the listeners in order', () => {
    const store = storeAt({ now: 0 });
    const seen: ListingChange[] = [];
    store.onChange((change) => seen.push(change));
    store.upsert(listing('a'), 'publisher');
    store.upsert(listing('b'), 'publisher');
    store.remove('user-api', 'a');
    expect(seen.map((change) => [change.kind, change.version, change.listing.id])).toEqual([
      ['upsert', 1001, 'a'],
      ['upsert', 1002, 'b'],
      ['remove', 1003, 'a'],
    ]);
    expect(store.version).toBe(1003);
  });

  it('renews without a change when the same listing is published again, whatever its key order', () => {
    const store = storeAt({ now: 0 });
    store.upsert(listing('a', { machine: 'one', slot: 2 }), 'publisher');
    const again = {
      slot: 2,
      machine: 'one',
      id: 'a',
      protocol: 'http',
      host: '127.0.0.1:9107',
      service: 'user-api',
    };
    expect(store.upsert(again as IdentifiedListing, 'publisher')).toBeUndefined();
    expect(store.upsert(listing('a', { machine: 'one', slot: 2, draining: true }), 'publisher')?.kind).toBe(
      'upsert',
    );
  });

  it('drops a listing once it misses its heartbeats, and keeps a renewed one', () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    store.upsert(listing('a'), 'publisher');
    store.upsert(listing('b'), 'publisher');
    clock.now = 200;
    store.upsert(listing('b'), 'publisher');
    clock.now = 299;
    expect(store.expire()).toEqual([]);
    clock.now = 300;
    expect(store.expire().map((change) => [change.kind, change.listing.id])).toEqual([['remove', 'a']]);
    expect(store.list().map((entry) => entry.id)).toEqual(['b']);
  });

  it('ignores a peer’s late heartbeat of a removed listing, but not its publisher', () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    store.upsert(listing('a'), 'publisher');
    store.remove('user-api', 'a');
    expect(store.upsert(listing('a'), 'peer')).toBeUndefined();
    expect(store.size).toBe(0);
    clock.now = 601;
    store.expire();
    expect(store.upsert(listing('a'), 'peer')?.kind).toBe('upsert');
    store.remove('user-api', 'a');
    expect(store.upsert(listing('a'), 'publisher')?.kind).toBe('upsert');
  });

  it('keeps the fields beyond the known ones', () => {
    const store = storeAt({ now: 0 });
    store.upsert(listing('a', { machine: 'one', nested: { slot: 'blue' } }), 'publisher');
    expect(store.list()[0]).toMatchObject({ machine: 'one', nested: { slot: 'blue' } });
  });
});
