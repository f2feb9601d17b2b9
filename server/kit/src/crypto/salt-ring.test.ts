import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateSalt, MINIMUM_SALT_LENGTH, parseSaltRing, SaltRingError } from './salt-ring.js';

const VARIABLE = 'METADATA_SALT_DEPLOY';

/** Parses and returns the error, checking that it names the variable and hides every secret in the value. */
function parseFailure(value: string, secrets: readonly string[]): SaltRingError {
  try {
    parseSaltRing(VARIABLE, value);
  } catch (error) {
    expect(error).toBeInstanceOf(SaltRingError);
    const saltError = error as SaltRingError;
    expect(saltError.variable).toBe(VARIABLE);
    expect(saltError.message).toContain(VARIABLE);
    for (const secret of secrets) {
      expect(saltError.message).not.toContain(secret);
      expect(inspect(saltError)).not.toContain(secret);
    }
    return saltError;
  }
  throw new Error('expected parseSaltRing to throw');
}

describe('parseSaltRing', () => {
  it('reads a single secret as version 1', () => {
    const secret = generateSalt();
    const ring = parseSaltRing(VARIABLE, `  ${secret}\n`);
    expect(ring.variable).toBe(VARIABLE);
    expect(ring.versions).toEqual([1]);
    expect(ring.current.version).toBe(1);
    expect(ring.current.secret.toString('ascii')).toBe(secret);
  });

  it('makes the highest version current and keeps every version, newest first, in any order', () => {
    const [one, two, three] = [generateSalt(), generateSalt(), generateSalt()];
    const ring = parseSaltRing(VARIABLE, `v2:${two}, v3:${three},v1:${one}`);
    expect(ring.versions).toEqual([3, 2, 1]);
    expect(ring.current.version).toBe(3);
    expect(ring.current.secret.toString('ascii')).toBe(three);
    expect(ring.get(1)?.secret.toString('ascii')).toBe(one);
    expect(ring.get(4)).toBeUndefined();
  });

  it('rejects an empty value, naming the variable', () => {
    expect(parseFailure('   ', []).message).toMatch(/is empty/);
  });

  it('rejects a secret shorter than 32 characters without printing it', () => {
    const short = 'x'.repeat(MINIMUM_SALT_LENGTH - 1);
    expect(parseFailure(short, [short]).message).toMatch(/shorter than 32 characters/);
    expect(parseFailure(`v2:${generateSalt()},v1:${short}`, [short]).message).toMatch(/version 1/);
  });

  it('rejects a version listed twice', () => {
    const [first, second] = [generateSalt(), generateSalt()];
    expect(parseFailure(`v2:${first},v2:${second}`, [first, second]).message).toMatch(/version 2 twice/);
  });

  it('rejects the same secret under two versions', () => {
    const secret = generateSalt();
    expect(parseFailure(`v2:${secret},v1:${secret}`, [secret]).message).toMatch(/same secret/);
  });

  it.each([
    ['an entry without a version', (secret: string) => `v2:${secret},${secret}`],
    ['a trailing comma', (secret: string) => `v1:${secret},`],
    ['version 0', (secret: string) => `v0:${secret}`],
    ['a version with a leading zero', (secret: string) => `v01:${secret}`],
    ['a version above 65535', (secret: string) => `v65536:${secret}`],
  ])('rejects %s as malformed', (_label, makeValue) => {
    const secret = generateSalt();
    expect(parseFailure(makeValue(secret), [secret]).message).toMatch(/entry|version above/);
  });

  it('rejects a single secret that contains a comma', () => {
    const value = `${generateSalt()},${generateSalt()}`;
    expect(parseFailure(value, [value]).message).toMatch(/comma/);
  });

  it('rejects secrets with spaces or non-ASCII characters', () => {
    const spaced = `${generateSalt()} ${generateSalt()}`;
    expect(parseFailure(spaced, [spaced]).message).toMatch(/printable ASCII/);
    const accented = `${generateSalt()}é`;
    expect(parseFailure(accented, [accented]).message).toMatch(/printable ASCII/);
  });

  it('never shows its secrets when logged or serialized', () => {
    const secret = generateSalt();
    const ring = parseSaltRing(VARIABLE, `v1:${secret}`);
    expect(JSON.stringify(ring)).not.toContain(secret);
    expect(JSON.stringify(ring.current)).not.toContain(secret);
    expect(inspect(ring, { depth: 10, showHidden: true })).not.toContain(secret);
    expect(inspect(ring.current, { depth: 10, showHidden: true })).not.toContain(secret);
    expect(JSON.stringify(ring)).toContain(VARIABLE);
  });
});

describe('generateSalt', () => {
  it('makes distinct secrets that parseSaltRing accepts', () => {
    const salts = new Set(Array.from({ length: 100 }, () => generateSalt()));
    expect(salts.size).toBe(100);
    for (const salt of salts) {
      expect(salt.length).toBeGreaterThanOrEqual(MINIMUM_SALT_LENGTH);
      expect(() => parseSaltRing(VARIABLE, salt)).not.toThrow();
    }
  });
});
