/** The messages table: writes sealed rows and reads them back opened, one patient's vault at a time. */
import { and, asc, eq, gte, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import { messages, type MessageApiSchema } from '../db/schema.js';
import type { GroupVault, SealedContent } from './group-vault.js';

/** A message as stored, its content opened. */
export interface StoredMessage {
  readonly rowKey: string;
  /** The storage name the row sits under (the salt version it was written with). */
  readonly storageName: string;
  readonly parentRowKey: string | null;
  readonly timestamp: Date;
  readonly createdTime: Date;
  readonly modifiedTime: Date | null;
  readonly content: SealedContent;
}

export interface NewMessage {
  readonly rowKey: string;
  readonly parentRowKey: string | null;
  readonly timestamp: Date;
  readonly createdTime: Date;
  readonly content: SealedContent;
}

/** A time window of the list routes, both ends inclusive. */
export interface MessageWindow {
  readonly start?: Date;
  readonly end?: Date;
  /** Only notes that start threads, no replies. */
  readonly notesOnly: boolean;
}

export interface MessageChange {
  readonly timestamp: Date;
  readonly content: SealedContent;
  readonly modifiedTime: Date;
}

type Row = typeof messages.$inferSelect;

/** Reads and writes the messages table. Removed messages are never answered. */
export function createMessageStore(db: Database<MessageApiSchema>) {
  const visible = (vault: GroupVault): SQL[] => [
    inArray(messages.storageName, [...vault.names]),
    isNull(messages.removedTime),
  ];
  const opened = (vault: GroupVault, row: Row): StoredMessage => ({
    rowKey: row.rowKey,
    storageName: row.storageName,
    parentRowKey: row.parentRowKey,
    timestamp: row.timestamp,
    createdTime: row.createdTime,
    modifiedTime: row.modifiedTime,
    content: vault.open(row.sealed, row),
  });
  const byTime = [asc(messages.timestamp), asc(messages.createdTime), asc(messages.rowKey)];

  return {
    async insert(vault: GroupVault, message: NewMessage): Promise<void> {
      const place = { storageName: vault.currentName, rowKey: message.rowKey };
      await db.insert(messages).values({
        ...place,
        parentRowKey: message.parentRowKey,
        timestamp: message.timestamp,
        createdTime: message.createdTime,
        sealed: vault.seal(message.content, place),
      });
    },

    /** One message not removed, under any of the vault's storage names. */
    async find(vault: GroupVault, rowKey: string): Promise<StoredMessage | undefined> {
      const [row] = await db
        .select()
        .from(messages)
        .where(and(eq(messages.rowKey, rowKey), ...visible(vault)));
      return row === undefined ? undefined : opened(vault, row);
    },

    /** A note and its replies: the note first, then the replies oldest first; empty when the note is gone. */
    async thread(vault: GroupVault, rowKey: string): Promise<StoredMessage[]> {
      const rows = await db
        .select()
        .from(messages)
        .where(and(or(eq(messages.rowKey, rowKey), eq(messages.parentRowKey, rowKey)), ...visible(vault)))
        .orderBy(...byTime);
      const parent = rows.find((row) => row.rowKey === rowKey);
      if (parent === undefined) return [];
      return [parent, ...rows.filter((row) => row !== parent)].map((row) => opened(vault, row));
    },

    /** The messages of the window, oldest first. */
    async list(vault: GroupVault, window: MessageWindow): Promise<StoredMessage[]> {
      const conditions = visible(vault);
      if (window.start !== undefined) conditions.push(gte(messages.timestamp, window.start));
      if (window.end !== undefined) conditions.push(lte(messages.timestamp, window.end));
      if (window.notesOnly) conditions.push(isNull(messages.parentRowKey));
      const rows = await db
        .select()
        .from(messages)
        .where(and(...conditions))
        .orderBy(...byTime);
      return rows.map((row) => opened(vault, row));
    },

    /** Rewrites a message in place (same row, same storage name); false when it is gone. */
    async change(vault: GroupVault, message: StoredMessage, change: MessageChange): Promise<boolean> {
      const place = { storageName: message.storageName, rowKey: message.rowKey };
      const updated = await db
        .update(messages)
        .set({
          timestamp: change.timestamp,
          modifiedTime: change.modifiedTime,
          sealed: vault.seal(change.content, place),
        })
        .where(and(eq(messages.rowKey, message.rowKey), ...visible(vault)))
        .returning({ rowKey: messages.rowKey });
      return updated.length > 0;
    },

    /** Marks a message and its replies removed; false when it was gone already. */
    async remove(vault: GroupVault, rowKey: string, removedTime: Date): Promise<boolean> {
      const removed = await db
        .update(messages)
        .set({ removedTime })
        .where(and(or(eq(messages.rowKey, rowKey), eq(messages.parentRowKey, rowKey)), ...visible(vault)))
        .returning({ rowKey: messages.rowKey });
      return removed.some((row) => row.rowKey === rowKey);
    },

    /** Deletes every row under the given storage names (erasure), removed ones included; answers how many. */
    async erase(names: readonly string[]): Promise<number> {
      const erased = await db
        .delete(messages)
        .where(inArray(messages.storageName, [...names]))
        .returning({ rowKey: messages.rowKey });
      return erased.length;
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
