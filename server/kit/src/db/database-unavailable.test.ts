import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.js';

/** An error as postgres.js raises it: a SQLSTATE or connection code on an Error. */
function driverError(code: string): Error {
  return Object.assign(new Error(`failure ${code}`), { code });
}

/** As Drizzle raises it: its own error with the driver's as the cause. */
function wrappedByDrizzle(cause: unknown): Error {
  return new Error('Failed query: insert into …', { cause });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['25006', 'a read-only standby'],
    ['57P01', 'an administrator shutdown'],
    ['57P02', 'a crash shutdown'],
    ['57P03', 'a server that cannot take connections now'],
    ['08006', 'a connection failure (class 08)'],
    ['08001', 'a connection the client could not establish (class 08)'],
    ['ECONNREFUSED', 'a refused connection'],
    ['ECONNRESET', 'a reset connection'],
    ['CONNECTION_CLOSED', 'a connection closed under a query (postgres.js)'],
    ['CONNECT_TIMEOUT', 'a connection that timed out (postgres.js)'],
  ])('recognizes %s, %s, also inside a Drizzle error', (code) => {
    expect(isDatabaseUnavailable(driverError(code))).toBe(true);
    expect(isDatabaseUnavailable(wrappedByDrizzle(driverError(code)))).toBe(true);
  });

  it('recognizes its own error for a service without a primary', () => {
    expect(isDatabaseUnavailable(new DatabaseUnavailableError())).toBe(true);
  });

  it.each([
    ['23505', 'a unique violation'],
    ['42P01', 'an unknown table'],
    ['40001', 'a serialization failure'],
    ['22P02', 'an invalid text representation'],
  ])('does not take %s, %s, for an unavailable database', (code) => {
    expect(isDatabaseUnavailable(wrappedByDrizzle(driverError(code)))).toBe(false);
  });

  it('does not take errors without a code, or values that are not errors, for an unavailable database', () => {
    expect(isDatabaseUnavailable(new Error('ECONNREFUSED in a message only'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNRESET')).toBe(false);
    expect(isDatabaseUnavailable({ code: 404 })).toBe(false);
  });

  it('stops on a cause chain that loops', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    Object.assign(first, { cause: second });
    expect(isDatabaseUnavailable(first)).toBe(false);
  });
});
