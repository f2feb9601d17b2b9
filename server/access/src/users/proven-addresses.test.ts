import { describe, expect, it } from 'vitest';
import { provenAddresses } from './proven-addresses.js';

describe('proven addresses', () => {
  it('counts no address of an account that verified none', () => {
    expect(provenAddresses({ emails: ['ann@example.org'], emailVerified: false })).toEqual([]);
  });

  it('counts the one address of a verified account', () => {
    expect(provenAddresses({ emails: ['ann@example.org'], emailVerified: true })).toEqual([
      'ann@example.org',
    ]);
  });

  it('counts none when the account has several addresses, since the flag does not say which is verified', () => {
    expect(
      provenAddresses({ emails: ['ann@example.org', 'someone.else@example.org'], emailVerified: true }),
    ).toEqual([]);
  });
});
