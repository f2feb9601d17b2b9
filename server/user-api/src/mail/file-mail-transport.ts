/** The local platform's mail transport: one JSON line per mail in `<DATA_DIR>/outbox/mail.jsonl`. */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OutboxMessageSchema, type OutboxMessage } from '@tidepool/spec';
import type { MailTransport } from './mail-transport.js';
import { identifierKey } from '../accounts/identifiers.js';

/** Where the file transport writes, under a data directory. */
export function mailFilePath(dataDir: string): string {
  return join(dataDir, 'outbox', 'mail.jsonl');
}

/**
 * Appends each mail to a file that a developer (or a test, through `GET /outbox`) reads. The
 * file holds reset links: it belongs to the local platform only, never to production.
 */
export function createFileMailTransport(dataDir: string): MailTransport {
  const path = mailFilePath(dataDir);
  let ready: Promise<unknown> | undefined;
  return {
    async deliver(mail) {
      ready ??= mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await ready;
      const line: OutboxMessage = {
        id: mail.id,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        kind: mail.kind,
        createdTime: mail.createdTime.toISOString(),
      };
      await appendFile(path, `${JSON.stringify(line)}\n`, { mode: 0o600 });
    },
    async readSent(query) {
      let content: string;
      try {
        content = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const wanted = query.to === undefined ? undefined : identifierKey(query.to);
      const messages: OutboxMessage[] = [];
      const lines = content.split('\n');
      for (let index = lines.length - 1; index >= 0 && messages.length < query.limit; index -= 1) {
        const line = lines[index];
        if (line === undefined || line === '') continue;
        const parsed = OutboxMessageSchema.safeParse(JSON.parse(line));
        if (!parsed.success) continue;
        if (wanted !== undefined && identifierKey(parsed.data.to) !== wanted) continue;
        messages.push(parsed.data);
      }
      return messages;
    },
    close: () => Promise.resolve(),
  };
}
