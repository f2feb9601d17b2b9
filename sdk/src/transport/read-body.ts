/** Reads an answer's body: JSON for JSON media types (problem+json included), text otherwise. */
import { readJsonBody } from './json-body.js';

/** `application/json`, `application/problem+json` and any other `+json` type (RFC 6839 §3.1). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * A body as read; `malformed` when it said it was JSON and was not (then `value` is its text, or
 * undefined for a successful answer, which is parsed as it arrives).
 */
export interface ReadBody {
  readonly value: unknown;
  readonly malformed: boolean;
}

/** The parsed body; `value` is undefined when the body is empty (204, or a 200 with nothing in it). */
export async function readBody(response: Response): Promise<ReadBody> {
  const isJson = JSON_MEDIA_TYPE.test(response.headers.get('content-type') ?? '');
  // A successful answer may be long (a query of months of data): parsed while it arrives.
  if (isJson && response.ok && response.body !== null) return await readJsonBody(response.body);
  const text = await response.text();
  if (text === '') return { value: undefined, malformed: false };
  if (!isJson) return { value: text, malformed: false };
  try {
    return { value: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { value: text, malformed: true };
  }
}
