/** The crypto module: private pairs, deploy salts, storage names, keys and envelopes (DESIGN.md §6). */
export {
  createPair,
  assertPair,
  isPair,
  isPairId,
  PAIR_ID_PATTERN,
  PAIR_HASH_PATTERN,
  type Pair,
} from './pair.js';
export {
  parseSaltRing,
  generateSalt,
  SaltRingError,
  MINIMUM_SALT_LENGTH,
  MAXIMUM_SALT_VERSION,
  type SaltRing,
} from './salt-ring.js';
export { type DeploySalt } from './deploy-salt.js';
export { storageName, storageNames, type VersionedStorageName } from './storage-name.js';
export {
  deriveRecordKey,
  deriveSystemKey,
  deriveSystemScopeKey,
  assertPurpose,
  KEY_LENGTH,
} from './key-derivation.js';
export {
  sealEnvelope,
  openEnvelope,
  readKeyVersion,
  ENVELOPE_FORMAT_VERSION,
  MINIMUM_ENVELOPE_LENGTH,
  type AssociatedData,
} from './envelope.js';
export {
  DecryptionError,
  DECRYPTION_FAILURE_REASONS,
  type DecryptionFailureReason,
} from './decryption-error.js';
export {
  createRecordCipher,
  createSystemCipher,
  type RecordCipher,
  type RecordCipherOptions,
  type SystemCipherOptions,
} from './cipher.js';
export { safeEqual } from './safe-equal.js';
