/**
 * Reading a device file in a Web Worker, so that the page stays responsive while a long export
 * is parsed (a year of Clarity readings is seconds of work) and Cancel stops the reading.
 */
import { DeviceFileError, type DeviceFile } from '@tidepool/sdk';
import { deviceFileKind, parseDeviceFile } from './device-import.js';

/** What the page sends the worker: the file itself (a `File` is copied to workers without reading it). */
export interface ReadRequest {
  readonly file: Blob;
  readonly name: string;
  readonly timeZone: string;
}

/** What the worker answers. */
export type ReadAnswer =
  | { readonly kind: 'read'; readonly file: DeviceFile }
  /** A `DeviceFileError`: nothing of the file can be read. */
  | { readonly kind: 'unreadable'; readonly message: string }
  /** Anything else that went wrong while reading. */
  | { readonly kind: 'failed'; readonly message: string };

/** The worker's whole job: read and parse the file, and say how it went. */
export async function answerReadRequest(request: ReadRequest): Promise<ReadAnswer> {
  try {
    const text = await request.file.text();
    const file = parseDeviceFile(deviceFileKind(request.name, text), text, request.timeZone);
    return { kind: 'read', file };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return error instanceof DeviceFileError ? { kind: 'unreadable', message } : { kind: 'failed', message };
  }
}

/** Reading stopped because the person canceled it. */
export class ReadCanceledError extends Error {
  override name = 'ReadCanceledError';

  constructor() {
    super('Reading the file was canceled.');
  }
}

/** The part of a `Worker` used here (a test gives its own). */
export interface ReaderWorker {
  onmessage: ((event: MessageEvent<ReadAnswer>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
  postMessage(message: ReadRequest): void;
  terminate(): void;
}

/** The bundled worker module; Vite emits it as its own script under `assets/`. */
function startReaderWorker(): ReaderWorker {
  return new Worker(new URL('./device-file-worker.ts', import.meta.url), {
    type: 'module',
    name: 'device-file-reader',
  });
}

/**
 * Reads and parses `file` in a worker; Clarity times are local device times, read in `timeZone`.
 * Aborting `signal` stops the worker at once.
 *
 * @throws DeviceFileError when nothing of the file can be read; ReadCanceledError when `signal`
 * was aborted; Error when the worker could not run or failed.
 */
export function readDeviceFile(
  file: File,
  timeZone: string,
  signal: AbortSignal,
  startWorker: () => ReaderWorker = startReaderWorker,
): Promise<DeviceFile> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new ReadCanceledError());
      return;
    }
    const worker = startWorker();
    const stop = () => {
      worker.terminate();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      stop();
      reject(new ReadCanceledError());
    };
    const failed = (why: string) => {
      stop();
      reject(new Error(`The file could not be read: ${why}`));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event) => {
      const answer = event.data;
      if (answer.kind === 'failed') {
        failed(answer.message);
        return;
      }
      stop();
      if (answer.kind === 'read') resolve(answer.file);
      else reject(new DeviceFileError(answer.message));
    };
    worker.onmessageerror = () => {
      failed('the file reader’s answer could not be received');
    };
    worker.onerror = (event) => {
      // The page reports the problem itself; the event would also go to the console as uncaught.
      event.preventDefault();
      failed(event.message === '' ? 'the file reader did not start' : event.message);
    };
    worker.postMessage({ file, name: file.name, timeZone });
  });
}
