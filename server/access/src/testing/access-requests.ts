/** HTTP helpers for tests of access: users with verified addresses, grants, invitations. */
import { randomBytes } from 'node:crypto';
import { mailedToken, send, signUp } from '@tidepool/user-api/testing';
import type { Permissions } from '@tidepool/spec';
import type { AccessFixture } from './access-fixture.js';

/** A signed-up user: their id, token and identity. */
export interface TestUser {
  readonly userid: string;
  readonly token: string;
  readonly email: string;
  readonly password: string;
}

/** Signs a new user up at the fixture's user-api. */
export async function newUser(fixture: AccessFixture, label = 'user'): Promise<TestUser> {
  const tag = `${label}-${randomBytes(5).toString('hex')}`;
  const { user, token, identity } = await signUp(fixture.userApi, {
    username: tag,
    email: `${tag}@example.org`,
    password: `correct horse ${tag} battery`,
  });
  return { userid: user.userid, token, email: identity.email, password: identity.password };
}

/** Verifies the user's address the way a person does: ask for the mail, follow its token. */
export async function verifyEmail(fixture: AccessFixture, user: TestUser): Promise<void> {
  const asked = await send(fixture.userApi, 'POST', '/email/verify', { token: user.token });
  if (asked.status !== 202) throw new Error(`verification request answered ${asked.status}`);
  const token = await mailedToken(fixture.userApi, user.email, 'email-verification');
  const confirmed = await send(fixture.userApi, 'POST', '/email/verify/confirm', { body: { token } });
  if (confirmed.status !== 200) throw new Error(`verification answered ${confirmed.status}`);
}

/** `POST /:groupid/:userid` as `token`; throws unless it answers 200. */
export async function grant(
  fixture: AccessFixture,
  token: string,
  groupid: string,
  userid: string,
  permissions: Permissions,
): Promise<void> {
  const response = await send(fixture, 'POST', `/${groupid}/${userid}`, { token, body: permissions });
  if (response.status !== 200)
    throw new Error(`granting answered ${response.status}: ${await response.text()}`);
}
