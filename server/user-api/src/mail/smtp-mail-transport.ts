/** The production mail transport: an SMTP relay given by `SMTP_URL`, through nodemailer. */
import nodemailer from 'nodemailer';
import type { MailTransport } from './mail-transport.js';

export interface SmtpMailTransportOptions {
  /** `smtp://user:password@host:587` or `smtps://…`; a secret (it may hold credentials): never logged. */
  readonly url: string;
  /** The From header, for example `Tidepool <no-reply@example.org>`. */
  readonly from: string;
}

/** Hands each mail to the relay. Nothing is kept here, so `readSent` answers no mail. */
export function createSmtpMailTransport(options: SmtpMailTransportOptions): MailTransport {
  const transporter = nodemailer.createTransport(options.url);
  return {
    async deliver(mail) {
      await transporter.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { 'X-Tidepool-Mail-Kind': mail.kind },
      });
    },
    readSent: () => Promise.resolve([]),
    close: () => {
      transporter.close();
      return Promise.resolve();
    },
  };
}
