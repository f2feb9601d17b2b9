import { describe, expect, it } from 'vitest';
import type { Listing } from '@tidepool/spec';
import { ListingCache } from './listing-cache.js';

const listing = (id: string, extra: Record<string, unknown> = {}): Listing => ({
  service: 'user-api',
  host: '127.0.0.1:9107',
  protocol: 'http',
  id,
  ...extra,
});

describe('ListingCache', () => {
  it('reports what a snapshot changed: removals first, then additions and updates', () => {
    const cache = new ListingCache(() => true);
    cache.replace([listing('kept'), listing('changed'), listing('missed-removal')]);
    const changes = cache.replace([listing('kept'), listing('changed', { draining: true }), listing('new')]);
    expect(changes.map((change) => [change.kind, change.listing.id])).toEqual([
      ['removed', 'missed-removal'],
      ['updated', 'changed'],
      ['added', 'new'],
    ]);
    expect(cache.all().map((entry) => entry.id)).toEqual(['kept', 'changed', 'new']);
  });

  it('reports nothing for a change that changes nothing, and a removal of an unknown listing', () => {
    const cache = new ListingCache(() => true);
    expect(cache.apply({ kind: 'upsert', version: 1, listing: listing('one') })?.kind).toBe('added');
    expect(cache.apply({ kind: 'upsert', version: 2, listing: listing('one') })).toBeUndefined();
    expect(cache.apply({ kind: 'remove', version: 3, listing: listing('other') })).toBeUndefined();
  });

  it('counts a listing that stops matching the filter as removed', () => {
    const cache = new ListingCache((entry) => entry.machine === 'blue');
    expect(
      cache.apply({ kind: 'upsert', version: 1, listing: listing('one', { machine: 'red' }) }),
    ).toBeUndefined();
    expect(
      cache.apply({ kind: 'upsert', version: 2, listing: listing('two', { machine: 'blue' }) })?.kind,
    ).toBe('added');
    const moved = cache.apply({ kind: 'upsert', version: 3, listing: listing('two', { machine: 'red' }) });
    expect(moved).toMatchObject({ kind: 'removed', listing: { machine: 'blue' } });
    expect(cache.all()).toEqual([]);
  });
});
