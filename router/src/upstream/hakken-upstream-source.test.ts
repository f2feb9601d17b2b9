import { describe, expect, it } from 'vitest';
import type { ListingWatch, WatchChange } from '@tidepool/hakken';
import type { Listing } from '@tidepool/spec';
import { createHakkenUpstreamSource } from './hakken-upstream-source.js';

/** A watch whose listings the test sets, as hakken's pushed changes would. */
function fakeWatch(initial: Listing[]) {
  let listings = initial;
  const listeners = new Set<(change: WatchChange) => void>();
  let closed = false;
  const watch: ListingWatch = {
    service: 'user-api',
    ready: Promise.resolve(),
    all: () => listings,
    pick: () => listings[0],
    age: () => 1234,
    isStale: () => false,
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
    },
  };
  return {
    watch,
    isClosed: () => closed,
    set(next: Listing[], change: WatchChange) {
      listings = next;
      for (const listener of listeners) listener(change);
    },
  };
}

const first: Listing = { service: 'user-api', host: '127.0.0.1:9101', protocol: 'http', id: 'one' };
const second: Listing = { service: 'user-api', host: '127.0.0.1:9102', protocol: 'http', id: 'two' };

describe('the hakken upstream source', () => {
  it('turns listings into instances and follows their changes', () => {
    const fake = fakeWatch([first]);
    const source = createHakkenUpstreamSource(fake.watch);
    let changes = 0;
    source.onChange(() => (changes += 1));

    fake.set([{ ...first, draining: true }, second], { kind: 'added', listing: second });

    expect(changes).toBe(1);
    expect(source.instances()).toEqual([
      { id: 'one', url: 'http://127.0.0.1:9101', draining: true },
      { id: 'two', url: 'http://127.0.0.1:9102', draining: false },
    ]);
    expect(source.ageMilliseconds?.()).toBe(1234);
  });

  it('closes the watch when closed', async () => {
    const fake = fakeWatch([first]);
    const source = createHakkenUpstreamSource(fake.watch);

    await source.close?.();

    expect(fake.isClosed()).toBe(true);
  });
});
