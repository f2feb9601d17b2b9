/** Sources: the (deviceId, uploadId) of data, sealed once per source rather than in every row (DESIGN.md §6). */
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { AssociatedData, Database } from '@tidepool/kit';
import { sources, type DataSchema } from '../db/schema.js';
import type { UserDataKeys, VersionKeys } from '../keys/user-data-keys.js';
import { withIntegrityCheck } from './datum-codec.js';

/** Who recorded a datum and in which upload: identifying, so sealed with the patient's key. */
export interface SourceIdentity {
  readonly deviceId: string;
  readonly uploadId: string;
}

/** The text a source key is the HMAC of: JSON of the pair, so no two pairs glue into one text. */
export function sourceText(source: SourceIdentity): string {
  return JSON.stringify([source.deviceId, source.uploadId]);
}

/** The lookup keys of a source under one version's keys. */
export function sourceKeys(keys: VersionKeys, source: SourceIdentity) {
  return {
    sourceKey: keys.lookup('source', sourceText(source)),
    deviceKey: keys.lookup('device', source.deviceId),
    uploadKey: keys.lookup('upload', source.uploadId),
  };
}

/** What a source's envelope is bound to. */
export function sourceAssociatedData(storageName: string, sourceKey: string): AssociatedData {
  return { storageName, recordId: `source/${sourceKey}` };
}

/** `"deviceId":…,"uploadId":…`: the members every datum of the source carries in its JSON. */
export function sourceMembers(source: SourceIdentity): string {
  return `"deviceId":${JSON.stringify(source.deviceId)},"uploadId":${JSON.stringify(source.uploadId)}`;
}

/** Opens sources by row id, each at most once per directory (one per query). */
export interface SourceDirectory {
  /** The identities of the given source rows (opening those not seen yet). */
  identities(ids: Iterable<number>): Promise<ReadonlyMap<number, SourceIdentity>>;
  /** The `sourceMembers` text of the given source rows, each written once per directory. */
  members(ids: Iterable<number>): Promise<ReadonlyMap<number, string>>;
}

export function createSourceDirectory(db: Database<DataSchema>, keys: UserDataKeys): SourceDirectory {
  const known = new Map<number, SourceIdentity>();
  const membersText = new Map<number, string>();

  async function identities(ids: Iterable<number>): Promise<ReadonlyMap<number, SourceIdentity>> {
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (missing.length > 0) {
      const rows = await db
        .select({
          id: sources.id,
          storageName: sources.storageName,
          sourceKey: sources.sourceKey,
          identity: sources.identity,
        })
        .from(sources)
        .where(and(inArray(sources.storageName, [...keys.storageNames]), inArray(sources.id, missing)));
      for (const row of rows) {
        const identity = withIntegrityCheck(
          () =>
            keys.identity.openJson(
              row.identity,
              sourceAssociatedData(row.storageName, row.sourceKey),
            ) as SourceIdentity,
        );
        known.set(row.id, identity);
      }
    }
    return known;
  }

  async function members(ids: Iterable<number>): Promise<ReadonlyMap<number, string>> {
    const wanted = [...new Set(ids)].filter((id) => !membersText.has(id));
    if (wanted.length === 0) return membersText;
    const opened = await identities(wanted);
    for (const id of wanted) {
      const identity = opened.get(id);
      if (identity !== undefined) membersText.set(id, sourceMembers(identity));
    }
    return membersText;
  }

  return { identities, members };
}

/**
 * The source rows of a user matching a deviceId and/or an uploadId, under every salt version;
 * undefined when neither is asked (no restriction).
 */
export async function findSourceIds(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  filter: { readonly deviceId?: string | undefined; readonly uploadId?: string | undefined },
): Promise<number[] | undefined> {
  const { deviceId, uploadId } = filter;
  if (deviceId === undefined && uploadId === undefined) return undefined;
  const perVersion = keys.versions.map((version) => {
    const conditions: SQL[] = [eq(sources.storageName, version.storageName)];
    if (deviceId !== undefined) conditions.push(eq(sources.deviceKey, version.lookup('device', deviceId)));
    if (uploadId !== undefined) conditions.push(eq(sources.uploadKey, version.lookup('upload', uploadId)));
    return and(...conditions);
  });
  const rows = await db
    .select({ id: sources.id })
    .from(sources)
    .where(or(...perVersion));
  return rows.map((row) => row.id);
}
