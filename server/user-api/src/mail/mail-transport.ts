/** Where mail goes once it leaves the outbox: a file in the local platform, an SMTP relay in production. */
import type { MailKind, OutboxMessage } from '@tidepool/spec';

/** A mail as the outbox hands it to a transport. */
export interface OutgoingMail {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: MailKind;
  readonly createdTime: Date;
}

/** Which sent mail to read back (`GET /outbox`). */
export interface SentMailQuery {
  readonly to?: string;
  readonly limit: number;
}

/** A pluggable mail transport. */
export interface MailTransport {
  /** Delivers one mail; rejects when it could not (the outbox retries). */
  deliver(mail: OutgoingMail): Promise<void>;
  /**
   * The mail this transport delivered, newest first, as far as it keeps any: the file
   * transport keeps everything, an SMTP relay keeps nothing here.
   */
  readSent(query: SentMailQuery): Promise<OutboxMessage[]>;
  close(): Promise<void>;
}
