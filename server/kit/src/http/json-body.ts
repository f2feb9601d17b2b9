/** Request bodies: JSON only, within the configured size (DESIGN.md §4 "body limits"). */
import express, { type RequestHandler } from 'express';
import { unsupportedMediaType } from './problems.js';

/** The media types parsed as JSON: plain JSON and structured `+json` types (RFC 6839). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/**
 * Parses JSON bodies up to `limit` (bytes or a string such as '1mb') and refuses any other
 * body with 415, so that a form post never reaches a handler as an empty body.
 */
export function jsonBodyParser(limit: string | number): RequestHandler[] {
  const parse = express.json({ limit, type: JSON_MEDIA_TYPES, strict: true });
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
