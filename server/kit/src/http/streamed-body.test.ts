import { Readable } from 'node:stream';
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { publicRoute } from '@tidepool/spec';
import { createServiceApp } from '../app/create-service-app.js';
import { captureLogs, startTestApp, staticTokenChecker } from '../testing/index.js';
import { streamedBody } from './streamed-body.js';

const c = initContract();
const contract = c.router({
  listNumbers: {
    method: 'GET',
    path: '/numbers',
    query: z.object({ fail: z.enum(['before', 'after']).optional() }),
    responses: { 200: z.array(z.number()) },
    metadata: publicRoute('none'),
  },
});

/** An app whose one route streams a JSON array of `count` numbers, failing on request; `finished` tells how the stream ended. */
function numbersApp(count: number) {
  const logs = captureLogs();
  const ended: string[] = [];
  async function* chunks(fail: 'before' | 'after' | undefined) {
    try {
      if (fail === 'before') throw new Error('storage went away');
      yield '[';
      for (let index = 0; index < count; index += 1) {
        if (fail === 'after' && index === count / 2) throw new Error('storage went away');
        yield `${index === 0 ? '' : ','}${index}`;
        // Let the event loop run, as a database read would.
        if (index % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      yield ']';
      ended.push('complete');
    } finally {
      ended.push('cleaned up');
    }
  }
  const { app } = createServiceApp({
    service: 'numbers',
    version: '0',
    contract,
    config: { NODE_ENV: 'test', BODY_LIMIT: '1kb', SERVER_SECRET: 'x'.repeat(32) },
    logger: logs.logger,
    tokenChecker: staticTokenChecker({}),
    handlers: {
      listNumbers: ({ query }) =>
        Promise.resolve({
          status: 200 as const,
          body: streamedBody<number[]>(Readable.from(chunks(query.fail))),
        }),
    },
  });
  return { app, logs, ended };
}

describe('streamedBody', () => {
  it('pipes a streamed answer whole, as JSON', async () => {
    const { app, ended } = numbersApp(50_000);
    await using server = await startTestApp(app);
    const response = await fetch(`${server.url}/numbers`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const numbers = (await response.json()) as number[];
    expect(numbers).toHaveLength(50_000);
    expect(numbers[49_999]).toBe(49_999);
    expect(ended).toEqual(['complete', 'cleaned up']);
  });

  it('answers a problem when the stream fails before it wrote anything, and logs the cause', async () => {
    const { app, logs } = numbersApp(10);
    await using server = await startTestApp(app);
    const response = await fetch(`${server.url}/numbers?fail=before`);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'INTERNAL' });
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({
        msg: 'streamed answer failed',
        cause: expect.objectContaining({ message: 'storage went away' }) as unknown,
      }),
    );
  });

  it('cuts the connection when the stream fails midway, so a part never passes for the whole', async () => {
    const { app } = numbersApp(50_000);
    await using server = await startTestApp(app);
    const response = await fetch(`${server.url}/numbers?fail=after`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('stops the stream and runs its cleanup when the client goes away', async () => {
    const { app, ended } = numbersApp(5_000_000);
    await using server = await startTestApp(app);
    const controller = new AbortController();
    const response = await fetch(`${server.url}/numbers`, { signal: controller.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await expect.poll(() => ended, { timeout: 5000 }).toEqual(['cleaned up']);
  });
});
