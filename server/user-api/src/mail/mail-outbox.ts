/** The mail outbox: a durable queue in the users database, emptied into the transport (DESIGN.md §5). */
import { randomBytes } from 'node:crypto';
import { asc, eq, inArray, lte } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '@tidepool/kit';
import type { MailKind } from '@tidepool/spec';
import { mailOutbox, type UserApiSchema } from '../db/schema.js';
import type { MailTransport } from './mail-transport.js';

/** A mail to queue. */
export interface NewMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: MailKind;
}

export interface MailOutboxOptions {
  readonly db: Database<UserApiSchema>;
  readonly transport: MailTransport;
  readonly logger: Logger;
  /** Called after a mail was queued, so that delivery starts at once rather than at the next pass. */
  readonly onQueued?: () => void;
  readonly now?: () => Date;
}

const BATCH_SIZE = 20;
/** A claimed mail is left to its claimer this long; if that instance dies, another takes it over then. */
const CLAIM_MILLISECONDS = 60_000;
const MAXIMUM_BACKOFF_MILLISECONDS = 60 * 60_000;

/**
 * Queues mail and delivers it. A row leaves the table once the transport took it, so the
 * users database does not keep what mail said (reset links, invitations) beyond delivery.
 */
export function createMailOutbox(options: MailOutboxOptions) {
  const { db, transport, logger } = options;
  const now = options.now ?? (() => new Date());
  return {
    /** Queues a mail; answers its id. */
    async queue(mail: NewMail): Promise<string> {
      const id = randomBytes(12).toString('base64url');
      const at = now();
      await db.insert(mailOutbox).values({
        id,
        recipient: mail.to,
        subject: mail.subject,
        text: mail.text,
        kind: mail.kind,
        createdTime: at,
        nextAttemptTime: at,
      });
      options.onQueued?.();
      return id;
    },

    /** Delivers every due mail once; a failure is retried later with back-off. Answers how many went out. */
    async deliverDue(): Promise<number> {
      // Claim the due rows in one statement (SKIP LOCKED), so that two passes, here or in another
      // instance, never deliver the same mail twice.
      const at = now();
      const claimable = db
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(lte(mailOutbox.nextAttemptTime, at))
        .orderBy(asc(mailOutbox.createdTime))
        .limit(BATCH_SIZE)
        .for('update', { skipLocked: true });
      const due = await db
        .update(mailOutbox)
        .set({ nextAttemptTime: new Date(at.getTime() + CLAIM_MILLISECONDS) })
        .where(inArray(mailOutbox.id, claimable))
        .returning();
      due.sort((left, right) => left.createdTime.getTime() - right.createdTime.getTime());
      let delivered = 0;
      for (const row of due) {
        try {
          await transport.deliver({
            id: row.id,
            to: row.recipient,
            subject: row.subject,
            text: row.text,
            kind: row.kind,
            createdTime: row.createdTime,
          });
          await db.delete(mailOutbox).where(eq(mailOutbox.id, row.id));
          delivered += 1;
        } catch (error) {
          // Never the address or the text: the reason only.
          logger.warn(
            {
              mailId: row.id,
              kind: row.kind,
              reason: error instanceof Error ? error.message : String(error),
            },
            'mail delivery failed',
          );
          const wait = Math.min(MAXIMUM_BACKOFF_MILLISECONDS, 1000 * 2 ** Math.min(row.attempts, 20));
          await db
            .update(mailOutbox)
            .set({ attempts: row.attempts + 1, nextAttemptTime: new Date(now().getTime() + wait) })
            .where(eq(mailOutbox.id, row.id));
        }
      }
      return delivered;
    },
  };
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;
