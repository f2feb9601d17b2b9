/** Reads one watch stream (`GET /v1/watch`, server-sent events) over fetch, parsed by eventsource-parser. */
import { createParser } from 'eventsource-parser';
import { WatchEventSchema, type WatchEvent } from '@tidepool/spec';

export interface WatchStreamOptions {
  /** The full watch URL, query included. */
  readonly url: string;
  readonly fetch: typeof fetch;
  /** Aborting it ends the stream (closing the watch, or a silent coordinator). */
  readonly signal: AbortSignal;
  /** Each event, validated against the contract, in the order received. */
  readonly onEvent: (event: WatchEvent) => void;
  /** Any bytes at all, keep-alive comments included: the coordinator is there. */
  readonly onActivity: () => void;
}

/**
 * Reads a watch stream until the coordinator ends it. Rejects when the coordinator cannot be
 * reached, answers anything but an event stream, or sends an event that breaks the contract:
 * in every case the caller reconnects, resuming from the last version it saw.
 */
export async function readWatchStream(options: WatchStreamOptions): Promise<void> {
  const response = await options.fetch(options.url, {
    headers: { accept: 'text/event-stream' },
    signal: options.signal,
  });
  const contentType = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || response.body === null || !contentType.startsWith('text/event-stream')) {
    await response.body?.cancel();
    throw new Error(`The coordinator answered the watch with ${response.status} ${contentType}.`);
  }
  options.onActivity();
  let broken: Error | undefined;
  const parser = createParser({
    onEvent: (message) => {
      if (broken !== undefined) return;
      try {
        options.onEvent(WatchEventSchema.parse(JSON.parse(message.data)));
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
      }
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      options.onActivity();
      parser.feed(decoder.decode(value, { stream: true }));
      if (broken !== undefined) throw broken;
    }
  } finally {
    reader.releaseLock();
    await response.body.cancel().catch(() => undefined);
  }
}
