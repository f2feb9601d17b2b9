import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '@tidepool/kit';
import { databaseBackends, silentLogger } from '@tidepool/kit/testing';
import { mailOutbox, type UserApiSchema } from '../db/schema.js';
import { openUsersTestDatabase } from '../testing/index.js';
import { createMailOutbox } from './mail-outbox.js';
import type { MailTransport, OutgoingMail } from './mail-transport.js';
import { createMailTransport } from './create-mail-transport.js';

/** A transport that records what it delivers and fails while told to. */
function recordingTransport() {
  const delivered: OutgoingMail[] = [];
  const state = { failing: false };
  const transport: MailTransport = {
    async deliver(mail) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (state.failing) throw new Error('relay refused');
      delivered.push(mail);
    },
    readSent: () => Promise.resolve([]),
    close: () => Promise.resolve(),
  };
  return { transport, delivered, state };
}

const mail = { to: 'ann@example.org', subject: 'Hello', text: 'Hello Ann.', kind: 'account-notice' } as const;

describe.each(databaseBackends())('the mail outbox on %s', (backend) => {
  let database: OpenedDatabase<UserApiSchema>;
  beforeAll(async () => {
    database = await openUsersTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });

  it('delivers each mail once even when two passes run together, and then forgets it', async () => {
    await database.db.delete(mailOutbox);
    const { transport, delivered } = recordingTransport();
    const outbox = createMailOutbox({ db: database.db, transport, logger: silentLogger() });
    for (let index = 0; index < 5; index += 1) await outbox.queue({ ...mail, subject: `Hello ${index}` });
    await Promise.all([outbox.deliverDue(), outbox.deliverDue(), outbox.deliverDue()]);
    expect(delivered.map((entry) => entry.subject).sort()).toEqual(
      [0, 1, 2, 3, 4].map((index) => `Hello ${index}`),
    );
    expect(await database.db.select().from(mailOutbox)).toEqual([]);
  });

  it('keeps a mail the transport refused and tries again after a back-off', async () => {
    await database.db.delete(mailOutbox);
    const { transport, delivered, state } = recordingTransport();
    const clock = { now: new Date('2030-01-01T00:00:00Z').getTime() };
    const outbox = createMailOutbox({
      db: database.db,
      transport,
      logger: silentLogger(),
      now: () => new Date(clock.now),
    });
    await outbox.queue(mail);
    state.failing = true;
    expect(await outbox.deliverDue()).toBe(0);
    const [row] = await database.db.select().from(mailOutbox);
    expect(row?.attempts).toBe(1);
    state.failing = false;
    expect(await outbox.deliverDue()).toBe(0);
    clock.now += 1000;
    expect(await outbox.deliverDue()).toBe(1);
    expect(delivered).toHaveLength(1);
  });

  it('uses SMTP when SMTP_URL is set, which keeps no copy to read back', async () => {
    const transport = createMailTransport({
      SMTP_URL: 'smtp://127.0.0.1:1',
      MAIL_FROM: 'Tidepool <no-reply@example.org>',
      DATA_DIR: '/nonexistent',
    });
    expect(await transport.readSent({ limit: 10 })).toEqual([]);
    await expect(transport.deliver({ ...mail, id: 'm1', createdTime: new Date() })).rejects.toThrow();
    await transport.close();
  });
});
