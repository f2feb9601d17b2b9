/** Request bodies: JSON only, within the configured size (DESIGN.md §4 "body limits"). */
import express, { type RequestHandler } from 'express';
import { unsupportedMediaType } from './problems.js';

/** The media types parsed as JSON: plain JSON and structured `+json` types (RFC 6839). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/**
 * How deep objects and arrays may nest in a body. No document of the platform comes near it;
 * a body nested thousands deep parses, but then overflows the stack of every recursive walk
 * over it (validation, merge patches, canonical JSON), which would be a 500.
 */
export const MAXIMUM_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of objects and arrays in JSON text given as UTF-8 bytes, brackets inside
 * strings left out (no byte of a multi-byte UTF-8 character is a bracket, quote or backslash).
 * Text that is not JSON gets some number: the parser refuses it afterwards anyway.
 */
export function jsonNestingDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return deepest;
}

/** The body-parser error type of a body nested deeper than `MAXIMUM_JSON_DEPTH`. */
export const TOO_DEEP_ERROR_TYPE = 'entity.too.deep';

/**
 * Parses JSON bodies up to `limit` (bytes or a string such as '1mb') and refuses any other
 * body with 415, so that a form post never reaches a handler as an empty body. A body nested
 * deeper than `MAXIMUM_JSON_DEPTH` is refused with 400 before it is parsed.
 */
export function jsonBodyParser(limit: string | number): RequestHandler[] {
  const parse = express.json({
    limit,
    type: JSON_MEDIA_TYPES,
    strict: true,
    verify: (_request, _response, body) => {
      if (jsonNestingDepth(body) > MAXIMUM_JSON_DEPTH) {
        throw Object.assign(new Error('The JSON body nests too deep.'), {
          status: 400,
          type: TOO_DEEP_ERROR_TYPE,
        });
      }
    },
  });
  const refuseOtherMediaTypes: RequestHandler = (request, _response, next) => {
    // `is` answers null without a body and false for a body of another (or no) media type;
    // it counts `Content-Length: 0` as a body, which clients send on an empty POST.
    const empty = request.headers['content-length'] === '0';
    if (!empty && request.is(JSON_MEDIA_TYPES) === false) {
      next(unsupportedMediaType());
      return;
    }
    next();
  };
  return [parse, refuseOtherMediaTypes];
}
