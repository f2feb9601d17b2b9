import { describe, expect, it } from 'vitest';
import { isProblemError } from '@tidepool/kit';
import { createHakkenClient, startCoordinator } from '@tidepool/hakken';
import { fixedServiceLocator, hakkenServiceLocator } from './service-locator.js';

const SECRET = 'a-server-secret-of-at-least-32-characters!';

async function problemStatus(promise: Promise<unknown>) {
  const error: unknown = await promise.catch((caught: unknown) => caught);
  return isProblemError(error) ? error.status : undefined;
}

describe('fixedServiceLocator', () => {
  it('answers the configured URL without a trailing slash, and 503 for an unknown service', async () => {
    const locate = fixedServiceLocator({ access: 'http://127.0.0.1:9000/' });
    expect(await locate('access')()).toBe('http://127.0.0.1:9000');
    expect(await problemStatus(locate('data')())).toBe(503);
  });
});

describe('hakkenServiceLocator', () => {
  it('finds a published instance, skips a draining one and answers 503 when none is left', async () => {
    await using coordinator = await startCoordinator({ serverSecret: SECRET, heartbeatIntervalMs: 200 });
    const publisher = createHakkenClient({ coordinators: [coordinator.url], serverSecret: SECRET });
    const reader = createHakkenClient({ coordinators: [coordinator.url], serverSecret: SECRET });
    try {
      const publication = publisher.publish({ service: 'access', host: '127.0.0.1:9123', protocol: 'http' });
      await publication.ready;
      const accessUrl = hakkenServiceLocator(reader)('access');
      expect(await accessUrl()).toBe('http://127.0.0.1:9123');
      await publication.drain();
      await expect.poll(() => problemStatus(accessUrl()), { timeout: 5000 }).toBe(503);
    } finally {
      await publisher.close();
      await reader.close();
    }
  });
});
