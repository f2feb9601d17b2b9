/** HTTP helpers for tests of user-api: sign up, log in, call with a token, read mail. */
import { randomBytes } from 'node:crypto';
import { SERVER_NAME_HEADER, SERVER_SECRET_HEADER, SESSION_TOKEN_HEADER, type User } from '@tidepool/spec';
import type { UserApiFixture } from './user-api-fixture.js';

/** A fresh identity nobody else in the suite uses. */
export function newIdentity(label = 'user') {
  const tag = randomBytes(5).toString('hex');
  return {
    username: `${label}-${tag}`,
    email: `${label}-${tag}@example.org`,
    password: `correct horse ${tag} battery`,
  };
}

/** An `Authorization: Basic` header (RFC 7617). */
export function basicAuthorization(identifier: string, password: string): string {
  return `Basic ${Buffer.from(`${identifier}:${password}`, 'utf8').toString('base64')}`;
}

/** Sends JSON with optional token and headers. */
export function send(
  fixture: Pick<UserApiFixture, 'url'>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${fixture.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { [SESSION_TOKEN_HEADER]: options.token }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

/** Signs a new user up; answers the user and their session token. */
export async function signUp(fixture: Pick<UserApiFixture, 'url'>, identity = newIdentity()) {
  const response = await send(fixture, 'POST', '/user', {
    body: { username: identity.username, emails: [identity.email], password: identity.password },
  });
  if (response.status !== 201)
    throw new Error(`signup answered ${response.status}: ${await response.text()}`);
  const token = response.headers.get(SESSION_TOKEN_HEADER) ?? '';
  return { identity, user: (await response.json()) as User, token };
}

/** `POST /login` with Basic credentials. */
export function logIn(
  fixture: Pick<UserApiFixture, 'url'>,
  identifier: string,
  password: string,
  headers = {},
) {
  return fetch(`${fixture.url}/login`, {
    method: 'POST',
    headers: { authorization: basicAuthorization(identifier, password), ...headers },
  });
}

/** A server token of `name`, from `POST /serverlogin`. */
export async function serverToken(fixture: Pick<UserApiFixture, 'url' | 'config'>, name = 'metadata') {
  const response = await fetch(`${fixture.url}/serverlogin`, {
    method: 'POST',
    headers: { [SERVER_NAME_HEADER]: name, [SERVER_SECRET_HEADER]: fixture.config.SERVER_SECRET },
  });
  if (response.status !== 200) throw new Error(`server login answered ${response.status}`);
  return response.headers.get(SESSION_TOKEN_HEADER) ?? '';
}

/** Delivers queued mail now and reads the mail sent to `to`, newest first. */
export async function mailTo(fixture: UserApiFixture, to: string) {
  await fixture.userApi.context.background.settled();
  await fixture.userApi.deliverMail();
  const response = await send(fixture, 'GET', `/outbox?to=${encodeURIComponent(to)}`, {
    token: await serverToken(fixture),
  });
  return ((await response.json()) as { messages: { text: string; kind: string; subject: string }[] })
    .messages;
}

/** The one-time token of the newest mail of a kind to `to`. */
export async function mailedToken(fixture: UserApiFixture, to: string, kind: string): Promise<string> {
  const mail = (await mailTo(fixture, to)).find((message) => message.kind === kind);
  const token = mail === undefined ? undefined : /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (token === undefined) throw new Error(`no ${kind} mail to ${to}`);
  return token;
}
