/** Checks of request values beyond the contract's schemas, each answered as a 400 problem naming the field. */
import { validationFailed } from '@tidepool/kit';
import type { FieldError } from '@tidepool/spec';

/** Control characters other than tab, line feed and carriage return: no note needs them, NUL breaks tools. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The instants a message may be about. The contract's ISO 8601 format allows years that
 * PostgreSQL refuses (year 0) or that no diabetes device ever recorded; refuse them as input
 * instead of failing in the database.
 */
const EARLIEST = Date.parse('1900-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** Collects the problems of one request and throws them together. */
export class FieldChecks {
  readonly #errors: FieldError[] = [];

  /** The text, unless it holds control characters. */
  text(location: FieldError['location'], path: string, value: string): string {
    if (CONTROL_CHARACTERS.test(value)) {
      this.#errors.push({ location, path, message: 'Control characters (such as NUL) are not allowed.' });
    }
    return value;
  }

  /** The instant of an ISO 8601 date and time (already checked by the contract), within the allowed years. */
  instant(location: FieldError['location'], path: string, value: string): Date {
    const milliseconds = Date.parse(value);
    if (Number.isNaN(milliseconds) || milliseconds < EARLIEST || milliseconds > LATEST) {
      this.#errors.push({ location, path, message: 'Expected a time between the years 1900 and 9999.' });
      return new Date(0);
    }
    return new Date(milliseconds);
  }

  /** Records a problem that no single check above describes. */
  fail(location: FieldError['location'], path: string, message: string): void {
    this.#errors.push({ location, path, message });
  }

  /** Throws a 400 problem listing every failed check, if any. */
  done(): void {
    if (this.#errors.length > 0) throw validationFailed(this.#errors);
  }
}
