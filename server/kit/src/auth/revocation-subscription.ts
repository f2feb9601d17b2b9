/** Follows user-api's revocation stream (`GET /sessions/revocations`, server-sent events) with resume and reconnection. */
import { createParser } from 'eventsource-parser';
import { RevocationEventSchema, SESSION_TOKEN_HEADER, type RevocationEvent } from '@tidepool/spec';
import type { ServerTokenSource } from '../client/server-token-client.js';

export interface RevocationSubscriptionOptions {
  /** user-api's base URL, looked up at each connection. */
  readonly baseUrl: () => string | Promise<string>;
  /** This service's server token: the stream is for servers only. */
  readonly tokens: ServerTokenSource;
  readonly fetch: typeof fetch;
  /** Each revocation, validated against the contract. */
  readonly onRevocation: (event: RevocationEvent) => void;
  /** Each (re)connection: revocations may have been missed while the stream was down. */
  readonly onConnected: () => void;
  /** The wait before reconnecting after a failure (default 1000 ms). */
  readonly retryMilliseconds?: number;
  /** A stream silent this long is taken for dead (user-api sends a comment every 10 s; default 30 s). */
  readonly silenceMilliseconds?: number;
}

export interface RevocationSubscription {
  /** Ends the stream and stops reconnecting. */
  close(): Promise<void>;
}

function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Connects at once and keeps the stream open until closed. After a break it reconnects with
 * `Last-Event-ID`, so user-api replays what was missed; a refused server token is renewed.
 * Events that break the contract are skipped.
 */
export function subscribeToRevocations(options: RevocationSubscriptionOptions): RevocationSubscription {
  const stopped = new AbortController();
  const retry = options.retryMilliseconds ?? 1000;
  const silence = options.silenceMilliseconds ?? 30_000;
  let lastEventId: string | undefined;

  async function readOnce(): Promise<void> {
    const connection = new AbortController();
    const abort = () => {
      connection.abort();
    };
    stopped.signal.addEventListener('abort', abort, { once: true });
    let silenceTimer = setTimeout(abort, silence);
    try {
      const token = await options.tokens.getToken();
      const response = await options.fetch(`${await options.baseUrl()}/sessions/revocations`, {
        headers: {
          accept: 'text/event-stream',
          [SESSION_TOKEN_HEADER]: token,
          ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        },
        signal: connection.signal,
      });
      const contentType = response.headers.get('content-type') ?? '';
      if (response.status !== 200 || response.body === null || !contentType.startsWith('text/event-stream')) {
        await response.body?.cancel();
        if (response.status === 401) options.tokens.invalidate(token);
        return;
      }
      options.onConnected();
      const parser = createParser({
        onEvent: (message) => {
          if (message.id !== undefined) lastEventId = message.id;
          let data: unknown;
          try {
            data = JSON.parse(message.data);
          } catch {
            return;
          }
          const parsed = RevocationEventSchema.safeParse(data);
          if (parsed.success) options.onRevocation(parsed.data);
        },
      });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        clearTimeout(silenceTimer);
        silenceTimer = setTimeout(abort, silence);
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(silenceTimer);
      stopped.signal.removeEventListener('abort', abort);
    }
  }

  const running = (async () => {
    while (!stopped.signal.aborted) {
      try {
        await readOnce();
      } catch {
        // Unreachable, refused or cut off: reconnect after the retry delay.
      }
      await wait(retry, stopped.signal);
    }
  })();

  return {
    async close() {
      stopped.abort();
      await running;
    },
  };
}
