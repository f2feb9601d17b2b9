import { describe, expect, it } from 'vitest';
import { basicAuthorization } from './http-basic.js';

function decode(header: string): string {
  const bytes = Uint8Array.from(atob(header.replace(/^Basic /, '')), (character) => character.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

describe('basicAuthorization', () => {
  it('encodes identifier and password as base64 of identifier:password (RFC 7617)', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('encodes non-ASCII passwords as UTF-8', () => {
    const header = basicAuthorization('zoë@example.com', 'pässwörd 🩸');
    expect(decode(header)).toBe('zoë@example.com:pässwörd 🩸');
    expect(header).toBe(
      `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode('zoë@example.com:pässwörd 🩸')))}`,
    );
  });

  it('keeps colons in the password and refuses them in the identifier', () => {
    expect(decode(basicAuthorization('ann', 'a:b'))).toBe('ann:a:b');
    expect(() => basicAuthorization('a:nn', 'pw')).toThrow(TypeError);
  });
});
