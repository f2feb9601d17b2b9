/** The fake's `/auth` routes: signup, login, logout, the current account, password reset and email verification. */
import { Router } from 'express';
import { fieldErrorsFromZodError, SignupBodySchema } from '@tidepool/spec';
import { sendProblem, type FakeState } from './fake-state.js';

function basicCredentials(header: string | undefined): { identifier: string; password: string } | undefined {
  if (header?.startsWith('Basic ') !== true) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1
    ? undefined
    : { identifier: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The routes, with the links user-api mails (server/user-api/src/mail/mail-templates.ts). */
export function fakeAuthRoutes(state: FakeState, publicUrl: () => string): Router {
  const router = Router();
  const findByEmail = (email: string) =>
    [...state.accounts.values()].find((account) =>
      account.user.emails.some((address) => address.toLowerCase() === email.toLowerCase()),
    );

  router.post('/auth/user', (request, response) => {
    const parsed = SignupBodySchema.safeParse(request.body);
    if (!parsed.success) {
      sendProblem(
        response,
        400,
        'VALIDATION_FAILED',
        'Validation failed',
        'The request is invalid.',
        fieldErrorsFromZodError('body', parsed.error),
      );
      return;
    }
    if (parsed.data.emails.some((email) => findByEmail(email) !== undefined)) {
      sendProblem(response, 409, 'CONFLICT', 'Conflict', 'That email address belongs to another account.');
      return;
    }
    const userid = state.newId(5);
    const user = {
      userid,
      emails: parsed.data.emails,
      emailVerified: false,
      createdTime: new Date().toISOString(),
    };
    state.accounts.set(userid, { user, password: parsed.data.password, verifiedEmails: new Set() });
    state.startSession(response, userid);
    response.status(201).json(user);
  });

  router.post('/auth/login', (request, response) => {
    const credentials = basicCredentials(request.get('authorization'));
    const account = credentials === undefined ? undefined : findByEmail(credentials.identifier);
    if (account === undefined || account.password !== credentials?.password) {
      sendProblem(response, 401, 'UNAUTHORIZED', 'Unauthorized', 'The identifier or the password is wrong.');
      return;
    }
    state.startSession(response, account.user.userid);
    response.json(account.user);
  });

  router.get('/auth/login', (request, response) => {
    const userid = state.caller(request, response);
    if (userid === undefined) return;
    state.startSession(response, userid);
    response.json({ userid });
  });

  router.post('/auth/logout', (request, response) => {
    const token = request.get('x-tidepool-session-token');
    if (token !== undefined) state.sessions.delete(token);
    response.status(200).end();
  });

  router.get('/auth/user', (request, response) => {
    const userid = state.caller(request, response);
    if (userid !== undefined) response.json(state.accounts.get(userid)?.user);
  });

  router.post('/auth/email/verify', (request, response) => {
    const userid = state.caller(request, response);
    if (userid === undefined) return;
    for (const email of state.accounts.get(userid)?.user.emails ?? []) {
      const link = new URL('/verify-email', publicUrl());
      link.searchParams.set('token', state.issueToken(userid, 'email-verification'));
      state.sendMail({ to: email, kind: 'email-verification', link: link.toString() });
    }
    response.status(202).end();
  });

  router.post('/auth/email/verify/confirm', (request, response) => {
    const token = (request.body as { token?: unknown }).token;
    const entry = typeof token === 'string' ? state.emailTokens.get(token) : undefined;
    const account = entry?.kind === 'email-verification' ? state.accounts.get(entry.userid) : undefined;
    if (account === undefined || typeof token !== 'string') {
      sendProblem(response, 410, 'GONE', 'Gone', 'This link was used already or has expired.');
      return;
    }
    state.emailTokens.delete(token);
    for (const email of account.user.emails) account.verifiedEmails.add(email.toLowerCase());
    account.user = { ...account.user, emailVerified: true };
    response.json(account.user);
  });

  router.post('/auth/password/reset', (request, response) => {
    const email = (request.body as { email?: unknown }).email;
    const account = typeof email === 'string' ? findByEmail(email) : undefined;
    if (account !== undefined && typeof email === 'string') {
      const link = new URL('/reset-password', publicUrl());
      link.searchParams.set('token', state.issueToken(account.user.userid, 'password-reset'));
      state.sendMail({ to: email, kind: 'password-reset', link: link.toString() });
    }
    response.status(202).end();
  });

  router.post('/auth/password/reset/confirm', (request, response) => {
    const body = request.body as { token?: unknown; password?: unknown };
    const entry = typeof body.token === 'string' ? state.emailTokens.get(body.token) : undefined;
    const account = entry?.kind === 'password-reset' ? state.accounts.get(entry.userid) : undefined;
    if (account === undefined || typeof body.token !== 'string' || typeof body.password !== 'string') {
      sendProblem(response, 410, 'GONE', 'Gone', 'This link was used already or has expired.');
      return;
    }
    state.emailTokens.delete(body.token);
    account.password = body.password;
    response.status(200).end();
  });

  return router;
}
