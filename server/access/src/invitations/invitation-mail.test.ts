import { describe, expect, it } from 'vitest';
import { SendMailBodySchema } from '@tidepool/spec';
import { invitationMail } from './invitation-mail.js';

const base = {
  to: 'dr.smith@example.org',
  permissions: { view: {}, note: {} },
  publicUrl: 'https://tidepool.example.org',
  expiresTime: new Date('2030-05-08T10:00:00Z'),
};

describe('the invitation mail', () => {
  it('names the sharer, the offered permissions, the address, the platform and the expiry', () => {
    const mail = invitationMail({ ...base, sharerName: 'Jane Doe' });
    expect(SendMailBodySchema.parse(mail)).toEqual(mail);
    expect(mail.kind).toBe('invitation');
    expect(mail.subject).toBe('Jane Doe invited you to share their diabetes data');
    expect(mail.text).toContain('Jane Doe invited you');
    expect(mail.text).toContain('see the diabetes data and notes');
    expect(mail.text).toContain('write notes on the data');
    expect(mail.text).not.toContain('upload data');
    expect(mail.text).toContain('log in or sign up at https://tidepool.example.org');
    expect(mail.text).toContain('(dr.smith@example.org)');
    expect(mail.text).toContain('2030-05-08');
  });

  it('uses a neutral wording without a name, or with a blank one', () => {
    for (const sharerName of [undefined, ' \n ']) {
      const mail = invitationMail({ ...base, sharerName });
      expect(mail.subject).toBe('An invitation to share diabetes data on Tidepool');
      expect(mail.text.startsWith('A Tidepool user invited you')).toBe(true);
    }
  });

  it('keeps a name on one line and short, so it cannot forge lines or headers', () => {
    const mail = invitationMail({ ...base, sharerName: `Eve\r\nBcc: victim@example.org ${'x'.repeat(300)}` });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.text.split('\n')[0]).toMatch(/^Eve Bcc: victim@example.org x+… invited you/);
  });
});
