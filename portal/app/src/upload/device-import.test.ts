import { describe, expect, it } from 'vitest';
import { createClient, type Datum, type DeviceFile } from '@tidepool/sdk';
import {
  interruptedUploadProblem,
  RESUME_HINT,
  uploadDeviceFile,
  type UploadProgress,
} from './device-import.js';

const readings: Datum[] = Array.from({ length: 3500 }, (_, index) => ({
  type: 'cbg',
  time: new Date(Date.parse('2024-05-01T00:00:00Z') + index * 300_000).toISOString(),
  deviceId: 'DexG6_SN1',
  uploadId: 'upload-1',
  units: 'mg/dL',
  value: 100 + (index % 50),
}));
const file: DeviceFile = { data: readings, skipped: [] };

describe('interruptedUploadProblem', () => {
  it('adds to why the upload stopped how to finish it', () => {
    const why = {
      title: 'Service Unavailable',
      detail: 'No instance of data is known.',
      fields: {},
      requestId: 'r1',
    };

    expect(interruptedUploadProblem(why)).toEqual({
      ...why,
      detail: `No instance of data is known. ${RESUME_HINT}`,
    });
    expect(interruptedUploadProblem({ title: 'Canceled', fields: {} })).toEqual({
      title: 'Canceled',
      detail: RESUME_HINT,
      fields: {},
    });
  });
});

describe('uploadDeviceFile', () => {
  it('sends the first batch alone, then two at a time, and reports every record', async () => {
    let inFlight = 0;
    const inFlightAtEachStart: number[] = [];
    const client = createClient({
      baseUrl: 'http://platform.test',
      retry: { maxAttempts: 1 },
      fetch: async (_url, init) => {
        inFlight += 1;
        inFlightAtEachStart.push(inFlight);
        const body = JSON.parse(init.body as string) as unknown[];
        // Answer on a later turn, so that the uploader can start the next batch meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return new Response(JSON.stringify({ stored: body.length, duplicates: 0, uploadIds: ['upload-1'] }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const progress: UploadProgress[] = [];
    const report = await uploadDeviceFile(client, 'a1b2c3d4e5', file, {
      onProgress: (step) => progress.push(step),
      signal: new AbortController().signal,
    });

    // Four batches of 1000: the first alone, then the next two together.
    expect(inFlightAtEachStart).toEqual([1, 1, 2, 2]);
    expect(report).toMatchObject({
      contents: ['3,500 CGM readings'],
      stored: 3500,
      duplicates: 0,
      rejected: 0,
    });
    expect(progress.at(-1)).toEqual({ sent: 3500, total: 3500 });
  });
});
