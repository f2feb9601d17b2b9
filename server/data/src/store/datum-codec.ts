/** Sealing a datum into its row and opening a row back into the datum's JSON text (DESIGN.md §6). */
import { DecryptionError, ProblemError, type AssociatedData, type RecordCipher } from '@tidepool/kit';
import type { DatumParts } from '../datum/datum-parts.js';
import type { UserDataKeys } from '../keys/user-data-keys.js';

/** The columns of a stored datum that its JSON is made from. */
export interface DatumRow {
  readonly storageName: string;
  readonly id: string;
  readonly type: string;
  readonly subType: string | null;
  /** ISO 8601 in UTC to the millisecond, as `utcText` writes it. */
  readonly time: string;
  readonly createdTime: string;
  readonly sourceId: number;
  /** The row's own readings envelope: only data stored before reading blocks have one. */
  readonly readings: Buffer | null;
  /** The reading block of the datum's readings (`src/store/reading-blocks.ts`), and its entry. */
  readonly blockId: string | null;
  readonly blockIndex: number | null;
  readonly identity: Buffer | null;
}

/**
 * A datum as a read answers it: its clear columns, the members of its readings (opened from its
 * block or its own envelope) and its identity envelope.
 */
export interface DatumEntry extends Pick<
  DatumRow,
  'storageName' | 'id' | 'type' | 'subType' | 'time' | 'createdTime' | 'sourceId'
> {
  /** The readings' JSON without its braces ('' for `{}`). */
  readonly members: string;
  /** The identity envelope, once read; null when the datum has none or it is still in the row. */
  identity: Buffer | null;
  /** Its block marks the datum as identified: the envelope is in its row, to be read. */
  readonly identityInRow: boolean;
}

/** Time order, then id: the order of every answer (ISO texts of one length in UTC sort as their instants). */
export function compareEntries(left: DatumEntry, right: DatumEntry): number {
  if (left.time !== right.time) return left.time < right.time ? -1 : 1;
  if (left.id === right.id) return 0;
  return left.id < right.id ? -1 : 1;
}

/**
 * What the readings envelope is bound to: the row's id and its clear columns, so that a changed
 * type, subType or time fails authentication like a changed envelope does.
 */
export function readingsAssociatedData(
  row: Pick<DatumRow, 'storageName' | 'id' | 'type' | 'subType' | 'time'>,
) {
  return {
    storageName: row.storageName,
    recordId: `${row.id}/${row.type}/${row.subType ?? ''}/${row.time}`,
  } satisfies AssociatedData;
}

export function identityAssociatedData(storageName: string, id: string): AssociatedData {
  return { storageName, recordId: `${id}/identity` };
}

/** The identity envelope of a datum for the current version of its user's keys; null when it has no identifying field. */
export function sealIdentity(
  parts: Pick<DatumParts, 'identity'>,
  id: string,
  keys: UserDataKeys,
): Buffer | null {
  return parts.identity === undefined
    ? null
    : keys.identity.sealJson(parts.identity, identityAssociatedData(keys.current.storageName, id));
}

/**
 * Opens an envelope to its JSON text. The plaintext was sealed from a JSON value and GCM
 * authenticated it, so it is used as text without a parse (the hot path of a query).
 */
export function openJsonText(cipher: RecordCipher, envelope: Buffer, associatedData: AssociatedData): string {
  const plaintext = cipher.open(envelope, associatedData);
  try {
    return plaintext.toString('utf8');
  } finally {
    plaintext.fill(0);
  }
}

/**
 * The datum of an entry as JSON text: the columns, its source's `"deviceId":…,"uploadId":…`
 * (opened once per source by the caller), the members of its readings and the members of its
 * identity envelope.
 */
export function datumJson(
  row: Omit<DatumEntry, 'members' | 'sourceId' | 'identityInRow'>,
  sourceMembers: string,
  readingsMembers: string,
  identity: RecordCipher,
): string {
  let text = `{"id":"${row.id}","type":${JSON.stringify(row.type)}`;
  if (row.subType !== null) text += `,"subType":${JSON.stringify(row.subType)}`;
  text += `,"time":"${row.time}",${sourceMembers}`;
  if (readingsMembers !== '') text += `,${readingsMembers}`;
  if (row.identity !== null) {
    text += members(openJsonText(identity, row.identity, identityAssociatedData(row.storageName, row.id)));
  }
  return `${text},"createdTime":"${row.createdTime}"}`;
}

/** `,` and the members of a JSON object's text, or nothing for `{}`. */
function members(objectText: string): string {
  return objectText.length <= 2 ? '' : `,${objectText.slice(1, -1)}`;
}

/**
 * The problem for a row that failed authentication: stored data was altered, moved to another
 * user or row, or sealed under a salt this process lacks. Nothing of it is answered.
 */
export function integrityProblem(error: DecryptionError): ProblemError {
  return new ProblemError(
    'INTERNAL',
    'Stored data failed its integrity check (altered, moved, or sealed under an unknown salt version); nothing of it is answered.',
    { cause: error },
  );
}

/** Runs `read`, turning a failed envelope into the integrity problem. */
export function withIntegrityCheck<Result>(read: () => Result): Result {
  try {
    return read();
  } catch (error) {
    if (error instanceof DecryptionError) throw integrityProblem(error);
    throw error;
  }
}
