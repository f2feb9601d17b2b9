/** Where one patient's messages are stored and the key that seals them, from their `messages` pair (DESIGN.md §6). */
import { z } from 'zod';
import { createRecordCipher, storageNames, type Pair, type SaltRing } from '@tidepool/kit';

/** What is sealed of a message: everything that could tell whose it is or what it says. */
export const SealedContentSchema = z
  .object({
    id: z.string(),
    guid: z.string(),
    /** The author. */
    userid: z.string(),
    messagetext: z.string(),
    /** The id of the note this replies to; null for a note. */
    parentmessage: z.string().nullable(),
  })
  .strict();
export type SealedContent = z.infer<typeof SealedContentSchema>;

/** The storage names and the cipher of one patient's messages. Holds key material: never log it. */
export interface GroupVault {
  /** Where new messages go: the storage name under the current salt version. */
  readonly currentName: string;
  /** The names under every salt version, newest first: readers look under all of them. */
  readonly names: readonly string[];
  seal(content: SealedContent, place: RowPlace): Buffer;
  /** Opens a row's sealed content; throws `DecryptionError` or a zod error when it is not ours. */
  open(sealed: Uint8Array, place: RowPlace): SealedContent;
}

/** What a sealed content is bound to: it opens only in its own row under its own storage name. */
export interface RowPlace {
  readonly storageName: string;
  readonly rowKey: string;
}

const CONTENT_PURPOSE = 'messages/text';

/**
 * The vault of the patient whose `messages` pair is given.
 *
 * @example
 * const vault = openGroupVault(ring, await pairs.pairOf(groupid, 'messages'));
 * const sealed = vault.seal(content, { storageName: vault.currentName, rowKey });
 */
export function openGroupVault(ring: SaltRing, pair: Pair): GroupVault {
  const cipher = createRecordCipher({ ring, pair, purpose: CONTENT_PURPOSE });
  const names = storageNames(ring, pair.id).map((versioned) => versioned.name);
  const [currentName] = names;
  if (currentName === undefined) throw new RangeError(`${ring.variable} has no versions.`);
  return {
    currentName,
    names,
    seal(content, place) {
      return cipher.sealJson(content, { storageName: place.storageName, recordId: place.rowKey });
    },
    open(sealed, place) {
      const content = cipher.openJson(sealed, { storageName: place.storageName, recordId: place.rowKey });
      return SealedContentSchema.parse(content);
    },
  };
}
