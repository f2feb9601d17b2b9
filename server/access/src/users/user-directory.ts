/** What access asks user-api, with its server token: whether an account exists, its addresses, and mail. */
import { createServiceClient, type ServerTokenSource } from '@tidepool/kit';
import { callDependency, unexpectedAnswer } from '@tidepool/service-runtime';
import { userApiContract, type SendMailBody, type User } from '@tidepool/spec';

export interface UserDirectory {
  /** The account of a user id, or undefined when no account has it. */
  accountOf(userid: string): Promise<User | undefined>;
  /** Queues a mail in user-api's outbox. */
  sendMail(mail: SendMailBody): Promise<void>;
}

export interface UserDirectoryOptions {
  /** user-api's base URL, looked up for each call (hakken may move it). */
  readonly baseUrl: () => Promise<string>;
  readonly tokens: ServerTokenSource;
  readonly fetch?: typeof fetch;
}

/**
 * user-api through its contract. A network failure or an unexpected answer becomes a 503
 * problem naming user-api (`callDependency`), never a 500.
 *
 * @example
 * const users = createUserDirectory({ baseUrl: locate('user-api'), tokens: serverTokens });
 * if ((await users.accountOf(userid)) === undefined) throw notFound();
 */
export function createUserDirectory(options: UserDirectoryOptions): UserDirectory {
  const client = createServiceClient(userApiContract, {
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return {
    async accountOf(userid) {
      const answer = await callDependency('user-api', () => client.getUser({ params: { userid } }));
      if (answer.status === 200) return answer.body;
      if (answer.status === 404) return undefined;
      throw unexpectedAnswer('user-api', answer.status);
    },
    async sendMail(mail) {
      const answer = await callDependency('user-api', () => client.sendMail({ body: mail }));
      if (answer.status !== 202) throw unexpectedAnswer('user-api', answer.status);
    },
  };
}
