import { describe, expect, it } from 'vitest';
import { connectionOptions, endToEndResponseHeaders } from './hop-by-hop.js';

const bytes = (...values: string[]) => values.map((value) => Buffer.from(value, 'latin1'));

describe('connectionOptions', () => {
  it.each([undefined, 'keep-alive', 'close', 'Keep-Alive', ' close\t', '', ' , ', 'close, keep-alive'])(
    'names no header in %j',
    (value) => {
      expect(connectionOptions(value)).toBeUndefined();
    },
  );

  it('names the other tokens, lower-cased, from one value or several', () => {
    expect(connectionOptions('close, X-Trace')).toEqual(new Set(['x-trace']));
    expect(connectionOptions(['keep-alive', ' X-A ,x-b'])).toEqual(new Set(['x-a', 'x-b']));
    expect(connectionOptions('keep-alive-ish')).toEqual(new Set(['keep-alive-ish']));
  });
});

describe('endToEndResponseHeaders', () => {
  it("drops hop-by-hop fields, those Connection names, styx's own and, when asked, CORS fields", () => {
    const raw = bytes(
      'Content-Type',
      'application/json',
      'Connection',
      'keep-alive, X-Hop',
      'Keep-Alive',
      'timeout=5',
      'X-Hop',
      'secret',
      'X-Request-Id',
      'theirs',
      'Access-Control-Allow-Origin',
      '*',
      'ETag',
      '"é"',
    );
    expect(endToEndResponseHeaders(raw, new Set(['x-request-id']), true)).toEqual([
      'content-type',
      'application/json',
      'etag',
      '"é"',
    ]);
    expect(endToEndResponseHeaders(raw, new Set(), false)).toEqual([
      'content-type',
      'application/json',
      'x-request-id',
      'theirs',
      'access-control-allow-origin',
      '*',
      'etag',
      '"é"',
    ]);
  });

  it('keeps every end-to-end field when Connection only says keep-alive', () => {
    const raw = bytes('Connection', 'keep-alive', 'X-Custom', '1');
    expect(endToEndResponseHeaders(raw, new Set(), false)).toEqual(['x-custom', '1']);
  });
});
