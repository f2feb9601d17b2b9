/** One version of a system's deploy salt: a secret that never appears in logs or JSON (DESIGN.md §6). */
import { inspect } from 'node:util';

/** One version of a deploy salt. Serializes and inspects without its secret. */
export class DeploySalt {
  readonly #secret: Buffer;

  constructor(
    /** The environment variable it came from. */
    readonly variable: string,
    /** 1 to 65535; higher is newer. */
    readonly version: number,
    secret: Buffer,
  ) {
    this.#secret = secret;
  }

  /** The secret bytes, for HMAC and HKDF only. Never log, copy or persist them. */
  get secret(): Buffer {
    return this.#secret;
  }

  toJSON(): { variable: string; version: number } {
    return { variable: this.variable, version: this.version };
  }

  [inspect.custom](): string {
    return `DeploySalt(${this.variable} v${this.version})`;
  }
}
