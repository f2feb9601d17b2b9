/** A logged-in session: whose it is and its token, which never shows up in logs or inspection. */

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * The session the client holds after login or signup. The token is reachable through
 * `session.token` only: `String(session)`, `JSON.stringify(session)` and Node's `util.inspect`
 * (and so `console.log`) show the user id alone, so that logging a session leaks no credential.
 */
export class ActiveSession {
  /** The logged-in user's id. */
  readonly userid: string;
  /** When the token was issued or last refreshed (milliseconds since the epoch). */
  readonly obtainedAt: number;
  readonly #token: string;

  constructor(userid: string, token: string, obtainedAt: number) {
    this.userid = userid;
    this.#token = token;
    this.obtainedAt = obtainedAt;
  }

  /** The `x-tidepool-session-token` value. Treat it like a password. */
  get token(): string {
    return this.#token;
  }

  toString(): string {
    return `ActiveSession(userid=${this.userid})`;
  }

  toJSON(): { userid: string } {
    return { userid: this.userid };
  }

  [inspectSymbol](): string {
    return `ActiveSession { userid: '${this.userid}', token: [redacted] }`;
  }
}
