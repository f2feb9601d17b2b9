/** The research export: every de-identified reading, grouped by an anonymous subject id, with the deploy salt alone (DESIGN.md §6). */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { union } from 'drizzle-orm/pg-core';
import { deriveSystemKey, type Database, type SaltRing } from '@tidepool/kit';
import { DATUM_TYPES } from '@tidepool/spec';
import { READINGS_PURPOSE } from '../app.js';
import { data, readingBlocks, type DataSchema } from '../db/schema.js';
import { createCachedSystemCipher } from '../keys/cached-ciphers.js';
import { readDatumEntries } from '../store/datum-entries.js';

/** The derivation of the subject key: its own purpose, so no other key of the system equals it. */
const SUBJECT_PURPOSE = 'data/research-subject';
/** `upload` records are identifying as a whole: they are never exported. */
const EXPORTED_TYPES = DATUM_TYPES.filter((type) => type !== 'upload');

export interface ResearchExportOptions {
  readonly db: Database<DataSchema>;
  readonly ring: SaltRing;
  /** Where the JSON lines go. */
  readonly output: Writable;
  /** Rows read per page (memory stays bounded by it). */
  readonly pageSize?: number;
}

/**
 * Writes one JSON line per datum, `{"subject", "type", "subType"?, "time", …readings}`: only
 * what the aggregate key sealed (values, units, durations, …) and the clear columns, never an
 * identifying field (those are under the patients' keys, which the export does not have).
 *
 * Lines come grouped by subject, in the order of the subject ids, each group in time order. A
 * subject id is an HMAC of the storage name under a key derived for this purpose from the salt:
 * without the salt, nobody can join an export to the storage names of the database (or to
 * another export made under another salt).
 */
export async function exportResearchData(
  options: ResearchExportOptions,
): Promise<{ subjects: number; lines: number }> {
  const { db, ring, output } = options;
  const cipher = createCachedSystemCipher(ring, READINGS_PURPOSE);
  const subjectKey = deriveSystemKey(ring.current, SUBJECT_PURPOSE);
  // Plain readings are only in blocks: a user may have blocks and no row.
  const storageNames = await union(
    db.selectDistinct({ storageName: data.storageName }).from(data),
    db.selectDistinct({ storageName: readingBlocks.storageName }).from(readingBlocks),
  );
  const subjects = storageNames
    .map(({ storageName }) => ({
      storageName,
      subject: createHmac('sha256', subjectKey).update(storageName).digest('hex').slice(0, 32),
    }))
    .sort((left, right) => left.subject.localeCompare(right.subject));

  let lines = 0;
  for (const { storageName, subject } of subjects) {
    const filter = { storageNames: [storageName], types: EXPORTED_TYPES };
    for await (const page of readDatumEntries(db, cipher, filter, options.pageSize ?? 5000)) {
      const text = page
        .map((entry) => {
          const subType = entry.subType === null ? '' : `,"subType":${JSON.stringify(entry.subType)}`;
          const members = entry.members === '' ? '' : `,${entry.members}`;
          return `{"subject":"${subject}","type":${JSON.stringify(entry.type)}${subType},"time":"${entry.time}"${members}}\n`;
        })
        .join('');
      lines += page.length;
      if (!output.write(text)) await once(output, 'drain');
    }
  }
  return { subjects: subjects.length, lines };
}
