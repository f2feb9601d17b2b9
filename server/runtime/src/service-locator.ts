/** Finding another service's instances: hakken watches, or fixed URLs in tests and lone processes. */
import { serviceUnavailable } from '@tidepool/kit';
import type { HakkenClient, ListingWatch } from '@tidepool/hakken';
import type { Listing } from '@tidepool/spec';

/** How long a first lookup waits for hakken's first snapshot before answering 503. */
const FIRST_SNAPSHOT_MILLISECONDS = 3000;

/** The base URL of a running instance of a service, looked up at each call (instances come and go). */
export type ServiceLocator = (service: string) => () => Promise<string>;

/** How long an instance that refused a connection is passed over, unless it is the only one. */
const REFUSED_AVOIDANCE_MILLISECONDS = 5000;

/** A locator that can be told an instance refused a connection, and then offers another one. */
export interface FailoverServiceLocator extends ServiceLocator {
  /**
   * Notes that `baseUrl` (as this locator answered it) refused a connection, and answers
   * another instance of the same service, or undefined when there is none.
   */
  refused(baseUrl: string): Promise<string | undefined>;
}

/**
 * A locator over hakken: one watch per service, opened on first use and kept, so that each
 * lookup reads the local cache (DESIGN.md §7). A draining instance is never picked. With no
 * instance the lookup rejects with a 503 problem, which the caller's handler passes on.
 *
 * A killed instance stays listed until its heartbeats are missed (3 s by default); an instance
 * that refused a connection meanwhile is passed over for a few seconds (DESIGN.md §8: skip the
 * failed instance, as styx does).
 *
 * @example
 * const locate = hakkenServiceLocator(hakken);
 * const userApiUrl = locate('user-api'); // later: await userApiUrl()
 */
export function hakkenServiceLocator(
  hakken: HakkenClient,
  now: () => number = Date.now,
): FailoverServiceLocator {
  const watches = new Map<string, ListingWatch>();
  /** The service of each base URL answered so far, to find the others after a refusal. */
  const serviceOf = new Map<string, string>();
  /** Base URL → until when it is passed over. */
  const refusedUntil = new Map<string, number>();
  const baseUrl = (listing: Listing) => `${listing.protocol}://${listing.host}`;

  /** A random usable instance, passing over those that refused lately when another one is left. */
  function choose(watch: ListingWatch): string | undefined {
    const time = now();
    const usable = watch
      .all()
      .filter((listing) => listing.draining !== true)
      .map(baseUrl)
      .filter((url) => (refusedUntil.get(url) ?? 0) <= time);
    const chosen = usable[Math.floor(Math.random() * usable.length)];
    if (chosen !== undefined) return chosen;
    const listing = watch.pick();
    return listing === undefined ? undefined : baseUrl(listing);
  }

  async function locate(service: string): Promise<string> {
    let watch = watches.get(service);
    if (watch === undefined) {
      watch = hakken.watch(service);
      watches.set(service, watch);
    }
    let url = choose(watch);
    if (url === undefined) {
      await Promise.race([
        watch.ready,
        new Promise((resolve) => setTimeout(resolve, FIRST_SNAPSHOT_MILLISECONDS)),
      ]);
      url = choose(watch);
    }
    if (url === undefined) throw serviceUnavailable(`No instance of ${service} is available.`);
    serviceOf.set(url, service);
    return url;
  }

  return Object.assign((service: string) => () => locate(service), {
    async refused(url: string): Promise<string | undefined> {
      const service = serviceOf.get(url);
      if (service === undefined) return undefined;
      refusedUntil.set(url, now() + REFUSED_AVOIDANCE_MILLISECONDS);
      for (const [known, until] of refusedUntil) if (until <= now()) refusedUntil.delete(known);
      const next = await locate(service).catch(() => undefined);
      return next === url ? undefined : next;
    },
  });
}

/** A locator over fixed base URLs (tests, or a process started by hand with `<SERVICE>_URL`). */
export function fixedServiceLocator(urls: Readonly<Record<string, string>>): ServiceLocator {
  return (service) => () => {
    const url = urls[service];
    return url === undefined
      ? Promise.reject(serviceUnavailable(`No address is configured for ${service}.`))
      : Promise.resolve(url.replace(/\/+$/, ''));
  };
}
