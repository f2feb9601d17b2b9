/** Picks the mail transport from the configuration: SMTP when `SMTP_URL` is set, else the local file. */
import type { Config } from '../config.js';
import { createFileMailTransport } from './file-mail-transport.js';
import type { MailTransport } from './mail-transport.js';
import { createSmtpMailTransport } from './smtp-mail-transport.js';

/** The transport `config` asks for. */
export function createMailTransport(
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'DATA_DIR'>,
): MailTransport {
  return config.SMTP_URL === undefined
    ? createFileMailTransport(config.DATA_DIR)
    : createSmtpMailTransport({ url: config.SMTP_URL, from: config.MAIL_FROM });
}
