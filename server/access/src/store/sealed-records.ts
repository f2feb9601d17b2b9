/** The contents of permission and invitation rows, sealed with the access system cipher (DESIGN.md §6). */
import { z } from 'zod';
import {
  createSystemCipher,
  DecryptionError,
  ProblemError,
  type AssociatedData,
  type RecordCipher,
  type SaltRing,
} from '@tidepool/kit';
import { EmailSchema, PermissionsSchema, UserIdSchema } from '@tidepool/spec';

/** What a grant row holds sealed: who, on whose data, may do what. */
export const SealedGrantSchema = z
  .object({ groupid: UserIdSchema, userid: UserIdSchema, permissions: PermissionsSchema })
  .strict();
export type SealedGrant = z.infer<typeof SealedGrantSchema>;

/** What an invitation row holds sealed: whose data, offered to which address, with what. */
export const SealedInvitationSchema = z
  .object({ groupid: UserIdSchema, email: EmailSchema, permissions: PermissionsSchema })
  .strict();
export type SealedInvitation = z.infer<typeof SealedInvitationSchema>;

/** The two ciphers of the access system; each purpose derives its own keys. */
export interface AccessCiphers {
  readonly grants: RecordCipher;
  readonly invitations: RecordCipher;
}

/**
 * The system ciphers of access. Each group's key (the storage name in the associated data)
 * gets its own sub-key, so no AES-GCM key comes near its message limit.
 */
export function createAccessCiphers(ring: SaltRing): AccessCiphers {
  return {
    grants: createSystemCipher({ ring, purpose: 'access/grant' }),
    invitations: createSystemCipher({ ring, purpose: 'access/invitation' }),
  };
}

/** Where a grant row's envelope belongs: to its group key and grantee key. */
export function grantAssociatedData(groupKey: string, granteeKey: string): AssociatedData {
  return { storageName: groupKey, recordId: granteeKey };
}

/**
 * Where an invitation's envelope belongs: its group key, its id and its email key, so that a
 * row whose address key was swapped for another (to redirect it) no longer opens.
 */
export function invitationAssociatedData(
  groupKey: string,
  id: string,
  emailKeyValue: string,
): AssociatedData {
  return { storageName: groupKey, recordId: `${id}/${emailKeyValue}` };
}

/**
 * Opens an envelope and checks its contents against `schema`. An envelope that fails (altered
 * bytes, another deploy salt, another row's keys) is refused with a 500 problem that says so,
 * never read as garbage; the reason goes to the log, the contents never do.
 */
export function openSealed<Contents>(
  cipher: RecordCipher,
  envelope: Uint8Array,
  associatedData: AssociatedData,
  schema: z.ZodType<Contents>,
  what: string,
): Contents {
  let value: unknown;
  try {
    value = cipher.openJson(envelope, associatedData);
  } catch (error) {
    if (error instanceof DecryptionError) throw unreadable(what, error);
    throw error;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw unreadable(what, new Error(`The opened ${what} does not have its shape.`));
  return parsed.data;
}

function unreadable(what: string, cause: Error): ProblemError {
  return new ProblemError(
    'INTERNAL',
    `A stored ${what} could not be opened: it was altered, or sealed under another deploy salt.`,
    { cause },
  );
}
