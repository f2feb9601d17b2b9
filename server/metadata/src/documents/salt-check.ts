/**
 * Finding out that METADATA_SALT_DEPLOY is not the salt the database was written with, before
 * reading or writing anything. A wrong salt gives other storage names, so documents would
 * simply look absent: new ones would be written beside the real ones, and new `data` pairs
 * handed out that the user's existing data is not stored under.
 */
import type { Logger } from 'pino';
import {
  createSystemCipher,
  DecryptionError,
  internalError,
  readKeyVersion,
  type Database,
  type SaltRing,
} from '@tidepool/kit';
import { saltChecks, type MetadataSchema } from '../db/schema.js';

/** Checks the configured salt ring against what the database was written with. */
export interface SaltCheck {
  /** Resolves when every configured version that the database knows matches; else rejects with a 500 problem. */
  verify(): Promise<void>;
}

/** A constant known plaintext: it proves the key, and says nothing else. */
const CHECK_TEXT = 'tidepool metadata salt check';
const STORAGE_NAME = 'salt-check';

/**
 * Each salt version writes one envelope of a known text under the system key of that version
 * the first time it is the current one; every process then opens the envelopes of the versions
 * it has. A mismatch is final for the process (the environment does not change under it), so
 * it is found once and every later request answers the same 500 problem at once.
 */
export function createSaltCheck(db: Database<MetadataSchema>, ring: SaltRing, logger: Logger): SaltCheck {
  const cipher = createSystemCipher({ ring, purpose: 'metadata/salt-check' });
  const bound = (version: number) => ({ storageName: STORAGE_NAME, recordId: `v${version}` });
  let verified: Promise<void> | undefined;
  let mismatch: readonly number[] | undefined;

  function opens(version: number, envelope: Buffer): boolean {
    try {
      if (readKeyVersion(envelope) !== version) return false;
      return cipher.open(envelope, bound(version)).toString('utf8') === CHECK_TEXT;
    } catch (error) {
      if (error instanceof DecryptionError) return false;
      throw error;
    }
  }

  async function check(): Promise<void> {
    const version = ring.current.version;
    await db
      .insert(saltChecks)
      .values({ version, envelope: cipher.seal(Buffer.from(CHECK_TEXT, 'utf8'), bound(version)) })
      .onConflictDoNothing();
    const rows = await db.select().from(saltChecks);
    const known = rows.filter((row) => ring.get(row.version) !== undefined);
    mismatch = known.filter((row) => !opens(row.version, row.envelope)).map((row) => row.version);
    if (mismatch.length > 0) {
      logger.error(
        { variable: ring.variable, versions: mismatch },
        'the deploy salt does not match the one the metadata database was written with',
      );
    }
  }

  return {
    async verify() {
      if (mismatch === undefined) {
        // A failure of the database itself is not a verdict: the next request tries again.
        verified ??= check().catch((error: unknown) => {
          verified = undefined;
          throw error;
        });
        await verified;
      }
      if (mismatch !== undefined && mismatch.length > 0) {
        // The log says which variable and versions; the client learns only that it is not its fault.
        throw internalError(
          undefined,
          'metadata cannot read its documents with its configured deploy salt; nothing is read ' +
            'or written until an operator fixes it.',
        );
      }
    },
  };
}
