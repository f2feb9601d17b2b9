/** Writing server-sent events (WHATWG HTML §9.2, "Server-sent events"): one event or one comment per call. */

/**
 * One event: its `id` (the last event id a client sends back as `Last-Event-ID`) and its data,
 * which must be a single line (JSON.stringify never writes a line break).
 */
export function formatEvent(id: number, data: string): string {
  return `id: ${id}\ndata: ${data}\n\n`;
}

/** A comment line: ignored by clients, but it keeps proxies from closing an idle stream. */
export function formatComment(text: string): string {
  return `: ${text}\n\n`;
}

/** The response headers of an event stream. */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Never stored, never transformed (a compressing proxy would hold events back).
  'cache-control': 'no-store, no-transform',
  // nginx buffers proxied responses unless told not to.
  'x-accel-buffering': 'no',
};

/** The `Last-Event-ID` request header as a version or sequence number, when it is one (≤ 16 digits). */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string' || !/^\d{1,16}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
