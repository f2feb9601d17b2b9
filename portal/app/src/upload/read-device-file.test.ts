import { describe, expect, it } from 'vitest';
import { DeviceFileError } from '@tidepool/sdk';
import { makeClaritySample } from '../../../test/clarity-sample.js';
import {
  answerReadRequest,
  readDeviceFile,
  ReadCanceledError,
  type ReadAnswer,
  type ReadRequest,
  type ReaderWorker,
} from './read-device-file.js';

const CLARITY = makeClaritySample('2024-03-01', 1);

/** A worker that answers as the real one does, in this thread, or holds its answer until told. */
class FakeWorker implements ReaderWorker {
  onmessage: ((event: MessageEvent<ReadAnswer>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly requests: ReadRequest[] = [];
  terminated = false;

  constructor(private readonly answersAtOnce = true) {}

  postMessage(message: ReadRequest): void {
    this.requests.push(message);
    if (this.answersAtOnce) void this.answer();
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Answers the last request, as the worker would once it has read the file. */
  async answer(): Promise<void> {
    const request = this.requests.at(-1);
    if (request === undefined) throw new Error('nothing was asked');
    const answer = await answerReadRequest(request);
    this.onmessage?.(new MessageEvent('message', { data: answer }));
  }

  fail(message: string): { defaultPrevented: boolean } {
    const event = { message, defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.onerror?.(event as unknown as ErrorEvent);
    return event;
  }
}

describe('answerReadRequest (the worker)', () => {
  it('parses a Clarity export in the time zone asked for', async () => {
    const answer = await answerReadRequest({
      file: new Blob([CLARITY]),
      name: 'export.csv',
      timeZone: 'Europe/Paris',
    });

    expect(answer.kind).toBe('read');
    if (answer.kind !== 'read') return;
    const readings = answer.file.data.filter((datum) => datum.type === 'cbg');
    expect(readings).toHaveLength(288);
    // 00:00 in Paris on 1 March is 23:00 UTC the day before.
    expect(readings[0]).toMatchObject({ time: '2024-02-29T23:00:00.000Z', timezoneOffset: 60 });
  });

  it('says a file is unreadable with the parser’s reason', async () => {
    const answer = await answerReadRequest({
      file: new Blob(['this is not a device export\n']),
      name: 'notes.csv',
      timeZone: 'UTC',
    });

    expect(answer.kind).toBe('unreadable');
    expect((answer as { message: string }).message).toMatch(/clarity/i);
  });

  it('passes on any other failure as failed, with its message', async () => {
    const answer = await answerReadRequest({
      file: new Blob([CLARITY]),
      name: 'export.csv',
      timeZone: 'Mars/Olympus',
    });

    expect(answer).toEqual({ kind: 'failed', message: expect.stringContaining('Mars/Olympus') as string });
  });
});

describe('readDeviceFile', () => {
  const file = new File([CLARITY], 'export.csv', { type: 'text/csv' });

  it('hands the file to a worker, resolves with what it read and stops it', async () => {
    const worker = new FakeWorker();

    const read = await readDeviceFile(file, 'Europe/Paris', new AbortController().signal, () => worker);

    expect(worker.requests).toEqual([{ file, name: 'export.csv', timeZone: 'Europe/Paris' }]);
    expect(read.data.filter((datum) => datum.type === 'cbg')).toHaveLength(288);
    expect(worker.terminated).toBe(true);
  });

  it('rejects with a DeviceFileError when the worker finds the file unreadable', async () => {
    const worker = new FakeWorker();
    const text = new File(['hello'], 'hello.csv');

    const reading = readDeviceFile(text, 'UTC', new AbortController().signal, () => worker);

    await expect(reading).rejects.toBeInstanceOf(DeviceFileError);
    await expect(reading).rejects.toThrow(/clarity/i);
    expect(worker.terminated).toBe(true);
  });

  it('stops the worker at once on abort and ignores what it would have answered', async () => {
    const worker = new FakeWorker(false);
    const controller = new AbortController();

    const reading = readDeviceFile(file, 'UTC', controller.signal, () => worker);
    controller.abort();

    await expect(reading).rejects.toBeInstanceOf(ReadCanceledError);
    expect(worker.terminated).toBe(true);
    await worker.answer();
  });

  it('starts no worker when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let started = 0;

    const reading = readDeviceFile(file, 'UTC', controller.signal, () => {
      started += 1;
      return new FakeWorker();
    });

    await expect(reading).rejects.toBeInstanceOf(ReadCanceledError);
    expect(started).toBe(0);
  });

  it('rejects with the worker’s error when it cannot run, and keeps it from the console', async () => {
    const worker = new FakeWorker(false);

    const reading = readDeviceFile(file, 'UTC', new AbortController().signal, () => worker);
    const event = worker.fail('');

    await expect(reading).rejects.toThrow('The file could not be read: the file reader did not start');
    expect(event.defaultPrevented).toBe(true);
    expect(worker.terminated).toBe(true);
  });

  it('rejects when the worker’s answer cannot be received', async () => {
    const worker = new FakeWorker(false);

    const reading = readDeviceFile(file, 'UTC', new AbortController().signal, () => worker);
    worker.onmessageerror?.(new MessageEvent('messageerror'));

    await expect(reading).rejects.toThrow(
      'The file could not be read: the file reader’s answer could not be received',
    );
    expect(worker.terminated).toBe(true);
  });

  it('rejects with the reason of a failed reading', async () => {
    const worker = new FakeWorker();

    const reading = readDeviceFile(file, 'Mars/Olympus', new AbortController().signal, () => worker);

    await expect(reading).rejects.toThrow(/^The file could not be read: .*Mars\/Olympus/);
  });
});
