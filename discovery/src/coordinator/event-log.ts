/** The bounded log of a coordinator's recent listing changes, from which a watch resumes after a reconnect. */
import type { ListingChange } from '../watch-event-types.js';

/**
 * The last `capacity` changes, in version order. Versions are consecutive (each change adds
 * one), so the changes after a version are a slice. Older changes are forgotten: a watch that
 * was away for longer gets a snapshot instead (DESIGN.md §7, "resumable without missing a
 * change").
 */
export class EventLog {
  private readonly capacity: number;
  private readonly ring: (ListingChange | undefined)[];
  /** Index in `ring` of the oldest change kept. */
  private head = 0;
  private count = 0;
  /** The version just before the oldest change kept: a watch at this version or later can resume. */
  private base: number;

  constructor(initialVersion: number, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error('The event log needs room for a change.');
    this.capacity = capacity;
    this.ring = new Array<ListingChange | undefined>(capacity);
    this.base = initialVersion;
  }

  /** The version of the newest change, or the initial version when there is none. */
  get latestVersion(): number {
    return this.base + this.count;
  }

  /** Appends the next change; its version must follow the latest one. */
  append(change: ListingChange): void {
    if (change.version !== this.latestVersion + 1) {
      throw new Error(`Change ${change.version} does not follow version ${this.latestVersion}.`);
    }
    if (this.count === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.base += 1;
      this.count -= 1;
    }
    this.ring[(this.head + this.count) % this.capacity] = change;
    this.count += 1;
  }

  /**
   * The changes after `version`, oldest first, or `undefined` when the log cannot tell them
   * all: the version is older than the log or newer than any change (from another run).
   */
  changesAfter(version: number): ListingChange[] | undefined {
    if (version < this.base || version > this.latestVersion) return undefined;
    const changes: ListingChange[] = [];
    for (let offset = version - this.base; offset < this.count; offset += 1) {
      const change = this.ring[(this.head + offset) % this.capacity];
      if (change !== undefined) changes.push(change);
    }
    return changes;
  }
}
