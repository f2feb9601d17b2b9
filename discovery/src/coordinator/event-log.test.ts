import { describe, expect, it } from 'vitest';
import type { ListingChange } from '../watch-event-types.js';
import { EventLog } from './event-log.js';

function change(version: number): ListingChange {
  return {
    kind: 'upsert',
    version,
    listing: { service: 'user-api', host: `127.0.0.1:${version}`, protocol: 'http' },
  };
}

describe('EventLog', () => {
  it('returns the changes after a version, oldest first', () => {
    const log = new EventLog(100, 10);
    for (let version = 101; version <= 105; version += 1) log.append(change(version));
    expect(log.changesAfter(102)?.map((entry) => entry.version)).toEqual([103, 104, 105]);
    expect(log.changesAfter(105)).toEqual([]);
    expect(log.changesAfter(100)?.length).toBe(5);
  });

  it('cannot tell the changes after a version it has forgotten', () => {
    const log = new EventLog(0, 3);
    for (let version = 1; version <= 5; version += 1) log.append(change(version));
    expect(log.changesAfter(1)).toBeUndefined();
    expect(log.changesAfter(2)?.map((entry) => entry.version)).toEqual([3, 4, 5]);
  });

  it('cannot tell the changes after a version it never reached', () => {
    const log = new EventLog(10, 3);
    log.append(change(11));
    expect(log.changesAfter(12)).toBeUndefined();
    expect(log.changesAfter(9)).toBeUndefined();
  });

  it('refuses a change whose version does not follow the latest', () => {
    const log = new EventLog(0, 3);
    expect(() => {
      log.append(change(2));
    }).toThrow(/does not follow/);
  });
});
