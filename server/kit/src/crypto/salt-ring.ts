/** Versioned deploy salts from the environment (DESIGN.md §6): the newest version encrypts, every version decrypts. */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { DeploySalt } from './deploy-salt.js';

/**
 * A secret must be at least this many characters. Secrets are used as their ASCII bytes, so
 * 32 characters are 32 bytes, but only as much entropy as the way they were chosen: use
 * `generateSalt()` (or `openssl rand -base64 32`) rather than typing one.
 */
export const MINIMUM_SALT_LENGTH = 32;
/** Versions are stored as a uint16 in every envelope (see envelope.ts). */
export const MAXIMUM_SALT_VERSION = 65_535;

/** Printable ASCII without space or comma: no encoding or Unicode normalization can change the bytes. */
const SECRET_PATTERN = /^[\x21-\x2b\x2d-\x7e]+$/;
const VERSIONED_ENTRY_PATTERN = /^v([1-9][0-9]{0,4}):(.*)$/s;
const LOOKS_VERSIONED_PATTERN = /^v[0-9]+:/;

/** A deploy salt variable is missing or malformed. The message names the variable and never contains its value. */
export class SaltRingError extends Error {
  override readonly name = 'SaltRingError';

  constructor(
    /** The environment variable at fault, e.g. `METADATA_SALT_DEPLOY`. */
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

/** Every configured version of one system's deploy salt. */
export interface SaltRing {
  /** The environment variable it came from. */
  readonly variable: string;
  /** The highest version: the one that encrypts and names new records. */
  readonly current: DeploySalt;
  /** All versions, newest first. */
  readonly versions: readonly number[];
  /** The salt of a version, or `undefined` when this ring does not have it. */
  get(version: number): DeploySalt | undefined;
}

/**
 * Parses a deploy salt variable. The value is either one secret (version 1) or a comma-separated
 * list of `v<version>:<secret>` entries in any order, e.g. `v2:<secret>,v1:<secret>`. Each secret
 * is at least 32 printable ASCII characters without spaces or commas; surrounding whitespace is
 * ignored. Rotation adds a higher version: it encrypts from then on, the older ones still decrypt
 * until the re-encrypt command has moved every record (DESIGN.md §6).
 *
 * @example
 * const ring = parseSaltRing('METADATA_SALT_DEPLOY', process.env.METADATA_SALT_DEPLOY ?? '');
 */
export function parseSaltRing(variable: string, value: string): SaltRing {
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new SaltRingError(
      variable,
      `is empty: set it to a secret of at least ${MINIMUM_SALT_LENGTH} characters.`,
    );
  }
  const entries = LOOKS_VERSIONED_PATTERN.test(trimmed)
    ? trimmed.split(',').map((entry, index) => parseVersionedEntry(variable, entry.trim(), index + 1))
    : [{ version: 1, secret: checkSecret(variable, trimmed, 'the secret') }];

  const salts = new Map<number, DeploySalt>();
  for (const { version, secret } of entries) {
    if (salts.has(version)) {
      throw new SaltRingError(variable, `lists version ${version} twice.`);
    }
    for (const other of salts.values()) {
      if (other.secret.equals(secret)) {
        throw new SaltRingError(
          variable,
          `uses the same secret for versions ${other.version} and ${version}.`,
        );
      }
    }
    salts.set(version, new DeploySalt(variable, version, secret));
  }
  return new VersionedSaltRing(variable, salts);
}

/** A fresh secret for one deploy salt: 256 random bits as 43 base64url characters (the local embedded mode). */
export function generateSalt(): string {
  return randomBytes(32).toString('base64url');
}

function parseVersionedEntry(
  variable: string,
  entry: string,
  position: number,
): { version: number; secret: Buffer } {
  const match = VERSIONED_ENTRY_PATTERN.exec(entry);
  const [, versionText, secretText] = match ?? [];
  if (versionText === undefined || secretText === undefined) {
    throw new SaltRingError(
      variable,
      `entry ${position} is not of the form v<version>:<secret> with a version from 1 to ${MAXIMUM_SALT_VERSION}.`,
    );
  }
  const version = Number(versionText);
  if (version > MAXIMUM_SALT_VERSION) {
    throw new SaltRingError(variable, `entry ${position} has a version above ${MAXIMUM_SALT_VERSION}.`);
  }
  return { version, secret: checkSecret(variable, secretText, `the secret of version ${version}`) };
}

function checkSecret(variable: string, secret: string, what: string): Buffer {
  if (secret.includes(',')) {
    throw new SaltRingError(variable, `contains a comma: write several versions as v2:<secret>,v1:<secret>.`);
  }
  if (!SECRET_PATTERN.test(secret)) {
    throw new SaltRingError(variable, `has ${what} with characters other than printable ASCII.`);
  }
  if (secret.length < MINIMUM_SALT_LENGTH) {
    throw new SaltRingError(variable, `has ${what} shorter than ${MINIMUM_SALT_LENGTH} characters.`);
  }
  return Buffer.from(secret, 'ascii');
}

class VersionedSaltRing implements SaltRing {
  readonly current: DeploySalt;
  readonly versions: readonly number[];
  readonly #salts: ReadonlyMap<number, DeploySalt>;

  constructor(
    readonly variable: string,
    salts: ReadonlyMap<number, DeploySalt>,
  ) {
    this.#salts = salts;
    this.versions = Object.freeze([...salts.keys()].sort((left, right) => right - left));
    const newest = this.versions[0];
    const current = newest === undefined ? undefined : salts.get(newest);
    if (current === undefined) {
      throw new SaltRingError(variable, 'has no versions.');
    }
    this.current = current;
  }

  get(version: number): DeploySalt | undefined {
    return this.#salts.get(version);
  }

  toJSON(): { variable: string; versions: readonly number[] } {
    return { variable: this.variable, versions: this.versions };
  }

  [inspect.custom](): string {
    return `SaltRing(${this.variable} ${this.versions.map((version) => `v${version}`).join(',')})`;
  }
}
