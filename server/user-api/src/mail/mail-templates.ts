/** The text of the mails user-api writes itself: password reset and email verification. */
import type { NewMail } from './mail-outbox.js';

/** A portal link that carries a one-time token. */
function link(publicUrl: string, path: string, token: string): string {
  const url = new URL(path, publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** The reset mail: a one-time link, valid for `lifetimeSeconds`. */
export function passwordResetMail(
  to: string,
  publicUrl: string,
  token: string,
  lifetimeSeconds: number,
): NewMail {
  const minutes = Math.round(lifetimeSeconds / 60);
  return {
    to,
    kind: 'password-reset',
    subject: 'Reset your Tidepool password',
    text:
      `Someone asked to reset the password of the Tidepool account of this address.\n\n` +
      `To choose a new password, open this link within ${minutes} minutes:\n${link(publicUrl, '/reset-password', token)}\n\n` +
      `If it was not you, ignore this mail: your password stays as it is.\n`,
  };
}

/** The verification mail for one address. */
export function emailVerificationMail(to: string, publicUrl: string, token: string): NewMail {
  return {
    to,
    kind: 'email-verification',
    subject: 'Confirm your email address for Tidepool',
    text:
      `Please confirm that this address belongs to your Tidepool account by opening this link:\n` +
      `${link(publicUrl, '/verify-email', token)}\n\nIf you have no Tidepool account, ignore this mail.\n`,
  };
}
