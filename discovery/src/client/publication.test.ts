import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@tidepool/kit';
import type { CoordinatorApi } from '../coordinator-api.js';
import { createPublication } from './publication.js';

const logger = createLogger({ service: 'test', level: 'silent' });

/** A coordinator that answers each publish after `answerMs` and notes when each began. */
function slowCoordinator(answerMs: number) {
  const starts: number[] = [];
  const api = {
    publishListing: async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, answerMs));
      return { status: 200, body: { id: 'i1', expiresInMs: 3000 } };
    },
    removeListing: () => Promise.resolve({ status: 204, body: undefined }),
  } as unknown as CoordinatorApi;
  return { api, starts };
}

/** A publication of one listing to `api`, with a heartbeat interval of 1 s. */
function publishEverySecond(api: CoordinatorApi) {
  return createPublication({
    listing: { service: 'data', host: '127.0.0.1:9000', protocol: 'http' },
    coordinators: [api],
    heartbeatIntervalMs: 1000,
    logger,
  });
}

describe('a publication’s heartbeats', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('start one interval apart even when the coordinator is slow to answer', async () => {
    const { api, starts } = slowCoordinator(400);
    const publication = publishEverySecond(api);

    await vi.advanceTimersByTimeAsync(3500);
    await publication.close();

    // Not 0, 1400, 2800: a wait of a whole interval after each answer would be.
    expect(starts).toEqual([0, 1000, 2000, 3000]);
  });

  it('beat again at once after an answer slower than the interval', async () => {
    const { api, starts } = slowCoordinator(1500);
    const publication = publishEverySecond(api);

    await vi.advanceTimersByTimeAsync(4000);
    // close() waits for the beat in flight (3000 to 4500).
    const closing = publication.close();
    await vi.advanceTimersByTimeAsync(1000);
    await closing;

    expect(starts).toEqual([0, 1500, 3000]);
  });
});
