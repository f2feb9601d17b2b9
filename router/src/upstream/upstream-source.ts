/** Where the instances of a target come from: a fixed list, or a hakken watch (DESIGN.md §7, §8). */

/** One instance styx may send requests to. */
export interface UpstreamInstance {
  /** Stable for the life of the instance (the hakken listing id, or the URL of a static upstream). */
  readonly id: string;
  /** Its origin, for example `http://127.0.0.1:9000`. */
  readonly url: string;
  /** Shutting down: it finishes what it has, and gets no new requests. */
  readonly draining: boolean;
}

/** The live list of instances of one target. */
export interface UpstreamSource {
  /** The instances as last known. */
  instances(): readonly UpstreamInstance[];
  /** Calls `listener` after every change of the list; returns the function that stops it. */
  onChange(listener: () => void): () => void;
  /** How old the list is, in milliseconds, when it comes from a cache that may be stale (hakken unreachable). */
  ageMilliseconds?(): number;
  /** Stops watching. */
  close?(): Promise<void> | void;
}

/** A source whose list changes only when told: static upstreams, and tests. */
export interface StaticUpstreamSource extends UpstreamSource {
  /** Replaces the list and tells the listeners. */
  replace(instances: readonly UpstreamInstance[]): void;
}

/**
 * A source over a fixed list; URLs become instances with the URL as id.
 *
 * @example createStaticUpstreamSource(['http://127.0.0.1:9000', 'http://127.0.0.1:9001'])
 */
export function createStaticUpstreamSource(
  initial: readonly (string | UpstreamInstance)[],
): StaticUpstreamSource {
  const toInstance = (entry: string | UpstreamInstance): UpstreamInstance =>
    typeof entry === 'string' ? { id: entry, url: entry, draining: false } : entry;
  let current: readonly UpstreamInstance[] = initial.map(toInstance);
  const listeners = new Set<() => void>();
  return {
    instances: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replace(instances) {
      current = instances.map(toInstance);
      for (const listener of listeners) listener();
    },
  };
}
