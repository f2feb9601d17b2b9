/** The fake platform's memory: accounts, sessions, mail, metadata, permissions, invitations, data and messages. */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { FieldError, Invitation, Message, Permissions, User } from '@tidepool/spec';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';

/** A mail the fake "sent": the link it carries is what a person would open. */
export interface FakeMail {
  readonly to: string;
  readonly kind: 'password-reset' | 'email-verification' | 'invitation';
  readonly link: string;
}

export interface FakeAccount {
  user: User;
  password: string;
  verifiedEmails: Set<string>;
}

/** Everything the fake holds, in memory, for one test. */
export class FakeState {
  readonly accounts = new Map<string, FakeAccount>();
  readonly sessions = new Map<string, string>();
  readonly emailTokens = new Map<string, { userid: string; kind: FakeMail['kind'] }>();
  readonly mail: FakeMail[] = [];
  /** Metadata collections by user id, then collection name. */
  readonly metadata = new Map<string, Map<string, Record<string, unknown>>>();
  /** Permissions by group (the sharer), then grantee. */
  readonly permissions = new Map<string, Map<string, Permissions>>();
  readonly invitations: Invitation[] = [];
  /** Stored data by user id, in time order once queried. */
  readonly data = new Map<string, Record<string, unknown>[]>();
  readonly messages: Message[] = [];
  /** Uploads answered so far, and an outage a test can set: 503 to uploads `after` … `after + count`. */
  uploads = 0;
  uploadOutage: { readonly after: number; readonly count: number } | undefined;

  /** A fresh id of the given hex length (user ids) or an opaque one. */
  newId(bytes = 8): string {
    return randomBytes(bytes).toString('hex');
  }

  startSession(response: Response, userid: string): void {
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, userid);
    response.setHeader(SESSION_TOKEN_HEADER, token);
  }

  /** The caller's user id, or undefined after answering 401. */
  caller(request: Request, response: Response): string | undefined {
    const token = request.get(SESSION_TOKEN_HEADER);
    const userid = token === undefined ? undefined : this.sessions.get(token);
    if (userid === undefined) sendProblem(response, 401, 'UNAUTHORIZED', 'Unauthorized', 'Log in first.');
    return userid;
  }

  permissionsOf(groupid: string, userid: string): Permissions | undefined {
    return this.permissions.get(groupid)?.get(userid);
  }

  /** DESIGN.md §9: oneself, or view, custodian or admin on the group. */
  maySee(userid: string, groupid: string): boolean {
    if (userid === groupid) return true;
    const permissions = this.permissionsOf(groupid, userid);
    return (
      permissions?.view !== undefined ||
      permissions?.custodian !== undefined ||
      permissions?.admin !== undefined
    );
  }

  collection(userid: string, name: string): Record<string, unknown> | undefined {
    return this.metadata.get(userid)?.get(name);
  }

  fullName(userid: string): string {
    const name = this.collection(userid, 'profile')?.fullName;
    return typeof name === 'string' ? name : '';
  }

  sendMail(mail: FakeMail): void {
    this.mail.push(mail);
  }

  /** Issues a one-time token for a mailed link. */
  issueToken(userid: string, kind: FakeMail['kind']): string {
    const token = randomBytes(18).toString('base64url');
    this.emailTokens.set(token, { userid, kind });
    return token;
  }
}

/** Answers an RFC 9457 problem, as every service of the platform does. */
export function sendProblem(
  response: Response,
  status: number,
  code: string,
  title: string,
  detail?: string,
  errors?: FieldError[],
): void {
  response
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title,
        status,
        code,
        requestId: randomBytes(6).toString('hex'),
        ...(detail === undefined ? {} : { detail }),
        ...(errors === undefined ? {} : { errors }),
      }),
    );
}
