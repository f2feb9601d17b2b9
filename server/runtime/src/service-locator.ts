/** Finding another service's instances: hakken watches, or fixed URLs in tests and lone processes. */
import { serviceUnavailable } from '@tidepool/kit';
import type { HakkenClient, ListingWatch } from '@tidepool/hakken';

/** How long a first lookup waits for hakken's first snapshot before answering 503. */
const FIRST_SNAPSHOT_MILLISECONDS = 3000;

/** The base URL of a running instance of a service, looked up at each call (instances come and go). */
export type ServiceLocator = (service: string) => () => Promise<string>;

/**
 * A locator over hakken: one watch per service, opened on first use and kept, so that each
 * lookup reads the local cache (DESIGN.md §7). A draining instance is never picked. With no
 * instance the lookup rejects with a 503 problem, which the caller's handler passes on.
 *
 * @example
 * const locate = hakkenServiceLocator(hakken);
 * const userApiUrl = locate('user-api'); // later: await userApiUrl()
 */
export function hakkenServiceLocator(hakken: HakkenClient): ServiceLocator {
  const watches = new Map<string, ListingWatch>();
  return (service) => async () => {
    let watch = watches.get(service);
    if (watch === undefined) {
      watch = hakken.watch(service);
      watches.set(service, watch);
    }
    let listing = watch.pick();
    if (listing === undefined) {
      await Promise.race([
        watch.ready,
        new Promise((resolve) => setTimeout(resolve, FIRST_SNAPSHOT_MILLISECONDS)),
      ]);
      listing = watch.pick();
    }
    if (listing === undefined) throw serviceUnavailable(`No instance of ${service} is available.`);
    return `${listing.protocol}://${listing.host}`;
  };
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
