import type { Datum, UploadDatum } from '@tidepool/spec';
import { describe, expect, it } from 'vitest';
import { createClient } from '../create-client.js';
import { UploadInterruptedError, uploadInBatches } from './upload-in-batches.js';
import type { UploadProgress } from './upload-in-batches.js';

const USER = 'a1b2c3d4e5';
const upload: UploadDatum = {
  type: 'upload',
  time: '2024-05-01T09:00:00Z',
  deviceId: 'Dexcom_iOS_G6',
  uploadId: 'upid_1',
  deviceManufacturers: ['Dexcom'],
  deviceModel: 'G6',
  deviceTags: ['cgm'],
  timezone: 'UTC',
  computerTime: '2024-05-01T09:00:00',
  version: '0.1.0',
};
const data: Datum[] = Array.from({ length: 7 }, (_, index) => ({
  type: 'cbg',
  time: new Date(Date.parse('2024-05-01T08:00:00Z') + index * 300_000).toISOString(),
  deviceId: 'Dexcom_iOS_G6',
  uploadId: 'upid_1',
  units: 'mg/dL',
  value: 100 + index,
}));

function json(status: number, body: unknown, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

/** A client whose fetch answers each POST with the next of `answers`, and keeps the bodies sent. */
function clientAnswering(answers: ((body: unknown[]) => Response)[]) {
  const sent: unknown[][] = [];
  const client = createClient({
    baseUrl: 'http://platform.test',
    retry: { maxAttempts: 1 },
    fetch: (_url, init) => {
      const body = JSON.parse(init.body as string) as unknown[];
      sent.push(body);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no answer left');
      return Promise.resolve(answer(body));
    },
  });
  return { client, sent };
}

const storedAll = (body: unknown[]) =>
  json(200, { stored: body.length, duplicates: 0, uploadIds: ['upid_1'] });
const problem =
  (status: number, code: string, errors: unknown[] = []) =>
  () =>
    json(
      status,
      { type: 'about:blank', title: code, status, code, requestId: 'r-9', detail: `${code} detail`, errors },
      'application/problem+json',
    );

describe('uploadInBatches', () => {
  it('sends the upload record with the first batch and adds up the answers', async () => {
    const { client, sent } = clientAnswering([
      storedAll,
      () => json(200, { stored: 1, duplicates: 2, uploadIds: ['upid_1'] }),
      storedAll,
    ]);
    const progress: UploadProgress[] = [];
    const totals = await uploadInBatches(
      client,
      USER,
      { upload, data },
      { batchSize: 3, onProgress: (step) => progress.push(step) },
    );
    expect(sent.map((body) => body.length)).toEqual([3, 3, 2]);
    expect(sent[0]?.[0]).toEqual(upload);
    expect(totals).toEqual({ stored: 6, duplicates: 2, rejected: 0, batches: 3, rejectedBatches: [] });
    expect(
      progress.map(({ sent: done, total, batches, totalBatches }) => [done, total, batches, totalBatches]),
    ).toEqual([
      [3, 8, 1, 3],
      [6, 8, 2, 3],
      [8, 8, 3, 3],
    ]);
  });

  it('reports a refused batch with its field errors counted from the first item, and goes on', async () => {
    const { client } = clientAnswering([
      storedAll,
      problem(400, 'VALIDATION_FAILED', [{ location: 'body', path: '1.value', message: 'too high' }]),
      storedAll,
    ]);
    const totals = await uploadInBatches(client, USER, { upload, data }, { batchSize: 3 });
    expect(totals.stored).toBe(5);
    expect(totals.rejected).toBe(3);
    expect(totals.rejectedBatches).toEqual([
      {
        batch: 2,
        firstItem: 3,
        itemCount: 3,
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'VALIDATION_FAILED detail',
        requestId: 'r-9',
        errors: [{ location: 'body', path: '4.value', message: 'too high' }],
      },
    ]);
  });

  it('stops with the totals so far when the platform refuses the session', async () => {
    const { client, sent } = clientAnswering([storedAll, problem(403, 'FORBIDDEN'), storedAll]);
    const failure = await uploadInBatches(client, USER, { upload, data }, { batchSize: 3 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UploadInterruptedError);
    expect((failure as UploadInterruptedError).totals).toMatchObject({ stored: 3, batches: 1 });
    expect((failure as UploadInterruptedError).message).toBe('FORBIDDEN detail');
    expect(sent).toHaveLength(2);
  });

  it('stops before sending anything once the signal is aborted', async () => {
    const { client, sent } = clientAnswering([storedAll]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      uploadInBatches(client, USER, { data }, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(UploadInterruptedError);
    expect(sent).toHaveLength(0);
  });

  it('sends data without an upload record as they are, and refuses batch sizes out of range', async () => {
    const { client, sent } = clientAnswering([storedAll]);
    await uploadInBatches(client, USER, { data });
    expect(sent).toEqual([data]);
    await expect(uploadInBatches(client, USER, { data }, { batchSize: 0 })).rejects.toThrow(RangeError);
    await expect(uploadInBatches(client, USER, { data }, { batchSize: 10_001 })).rejects.toThrow(RangeError);
  });

  it('keeps at most `concurrency` batches in flight after the first, which goes alone', async () => {
    let inFlight = 0;
    let most = 0;
    const overlapsAtStart: number[] = [];
    const client = createClient({
      baseUrl: 'http://platform.test',
      retry: { maxAttempts: 1 },
      fetch: async (_url, init) => {
        const body = JSON.parse(init.body as string) as unknown[];
        inFlight += 1;
        overlapsAtStart.push(inFlight);
        most = Math.max(most, inFlight);
        // Answers come back after the other lanes had their turn.
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return storedAll(body);
      },
    });
    const many = Array.from({ length: 20 }, (_, index) => ({ ...data[0], value: 40 + index }) as Datum);
    const progress: UploadProgress[] = [];
    const totals = await uploadInBatches(
      client,
      USER,
      { upload, data: many },
      { batchSize: 3, concurrency: 3, onProgress: (step) => progress.push(step) },
    );
    expect(totals).toEqual({ stored: 21, duplicates: 0, rejected: 0, batches: 7, rejectedBatches: [] });
    // The second batch starts once the first has ended; the third and fourth join it.
    expect(overlapsAtStart.slice(0, 4)).toEqual([1, 1, 2, 3]);
    expect(most).toBe(3);
    expect(progress.map((step) => step.sent)).toEqual([3, 6, 9, 12, 15, 18, 21]);
    expect(progress.at(-1)?.batches).toBe(7);
  });

  it('starts no batch after a failure, lets the one in flight settle, and counts it', async () => {
    const order: string[] = [];
    const client = createClient({
      baseUrl: 'http://platform.test',
      retry: { maxAttempts: 1 },
      fetch: async (_url, init) => {
        const body = JSON.parse(init.body as string) as { value?: number }[];
        const first = body[0]?.value ?? 0;
        order.push(`start ${first}`);
        // The second batch (102, 103) fails at once; the third (104, 105), beside it, answers later.
        if (first === 102) return problem(503, 'SERVICE_UNAVAILABLE')();
        await new Promise((resolve) => setTimeout(resolve, 10));
        order.push(`end ${first}`);
        return storedAll(body);
      },
    });
    const failure = await uploadInBatches(client, USER, { data }, { batchSize: 2, concurrency: 2 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UploadInterruptedError);
    expect((failure as UploadInterruptedError).totals).toEqual({
      stored: 4,
      duplicates: 0,
      rejected: 0,
      batches: 2,
      rejectedBatches: [],
    });
    // The fourth batch (106) never started.
    expect(order).toEqual(['start 100', 'end 100', 'start 102', 'start 104', 'end 104']);
  });

  it('refuses a concurrency out of range', async () => {
    const { client } = clientAnswering([storedAll]);
    await expect(uploadInBatches(client, USER, { data }, { concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(uploadInBatches(client, USER, { data }, { concurrency: 9 })).rejects.toThrow(RangeError);
    await expect(uploadInBatches(client, USER, { data }, { concurrency: 1.5 })).rejects.toThrow(RangeError);
  });
});
