/** Password reset and email verification through mailed one-time tokens (DESIGN.md §5). */
import { ProblemError, validationFailed } from '@tidepool/kit';
import { identifierKey } from '../accounts/identifiers.js';
import { toUser } from '../accounts/user-view.js';
import type { AppContext } from '../app-context.js';
import { emailVerificationMail, passwordResetMail } from '../mail/mail-templates.js';
import { passwordFieldError } from '../passwords/password-policy.js';
import { clientAddress, requireUserCaller } from './caller-checks.js';
import type { UserApiHandlers } from './handler-types.js';

type EmailHandlers = Pick<
  UserApiHandlers,
  'requestPasswordReset' | 'confirmPasswordReset' | 'requestEmailVerification' | 'confirmEmailVerification'
>;

function expiredToken(): ProblemError {
  return new ProblemError('GONE', 'The token is unknown, already used or expired.');
}

/** The handlers of mailed tokens. */
export function createEmailHandlers(context: AppContext): EmailHandlers {
  const { accounts, emailTokens, outbox, hasher, throttles, background, config } = context;

  return {
    requestPasswordReset: async ({ body, req }) => {
      await throttles.countRequest(clientAddress(req));
      // The answer goes out before anything is looked up, so that neither its content nor its
      // time tells whether an account has this address.
      background.run('password reset request', async () => {
        const owner = await accounts.findByEmail(body.email);
        if (owner === undefined) return;
        // At most the request limit of mails to one address per window: no mail bombing.
        await throttles.countRequest(`reset-mail:${identifierKey(owner.address)}`);
        const token = await emailTokens.issue('password-reset', owner.userid, config.RESET_TOKEN_SECONDS);
        await outbox.queue(
          passwordResetMail(owner.address, config.PUBLIC_URL, token, config.RESET_TOKEN_SECONDS),
        );
      });
      return { status: 202, body: undefined };
    },

    confirmPasswordReset: async ({ body, req }) => {
      await throttles.countRequest(clientAddress(req));
      const problem = passwordFieldError(body.password, 'password');
      if (problem !== undefined) throw validationFailed([problem]);
      const redeemed = await emailTokens.redeem('password-reset', body.token);
      if (redeemed === undefined) throw expiredToken();
      const passwordHash = await hasher.hash(body.password);
      // No session is kept: whoever reset the password logs in with it (DESIGN.md §5).
      const account = await accounts.update(redeemed.userid, { passwordHash });
      if (account === undefined) throw expiredToken();
      await emailTokens.voidAll('password-reset', redeemed.userid);
      context.revocations.poke();
      return { status: 200, body: undefined };
    },

    requestEmailVerification: async ({ req }) => {
      const caller = requireUserCaller(req);
      await throttles.countRequest(clientAddress(req));
      for (const email of await accounts.unverifiedEmails(caller.userid)) {
        const token = await emailTokens.issue(
          'email-verification',
          caller.userid,
          config.VERIFICATION_TOKEN_SECONDS,
          email.emailKey,
        );
        await outbox.queue(emailVerificationMail(email.address, config.PUBLIC_URL, token));
      }
      return { status: 202, body: undefined };
    },

    confirmEmailVerification: async ({ body, req }) => {
      await throttles.countRequest(clientAddress(req));
      const redeemed = await emailTokens.redeem('email-verification', body.token);
      if (redeemed?.emailKey == null) throw expiredToken();
      if (!(await accounts.markEmailVerified(redeemed.userid, redeemed.emailKey))) throw expiredToken();
      const account = await accounts.find(redeemed.userid);
      if (account === undefined) throw expiredToken();
      return { status: 200, body: toUser(account) };
    },
  };
}
