/** The last lines a slot's process wrote, kept in a fixed-size ring so that a chatty process cannot fill memory. */

/** Lines longer than this are cut: one runaway line must not take the whole ring's memory. */
export const MAXIMUM_LINE_LENGTH = 16 * 1024;

export class LogRing {
  readonly #lines: (string | undefined)[];
  #next = 0;
  #count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('A log ring holds at least one line.');
    this.#lines = new Array<string | undefined>(capacity);
  }

  /** Adds a line, dropping the oldest when full. */
  push(line: string): void {
    this.#lines[this.#next] =
      line.length > MAXIMUM_LINE_LENGTH ? `${line.slice(0, MAXIMUM_LINE_LENGTH)}… (cut)` : line;
    this.#next = (this.#next + 1) % this.capacity;
    this.#count = Math.min(this.#count + 1, this.capacity);
  }

  /** The last `count` lines (all by default), oldest first. */
  last(count = this.capacity): string[] {
    const wanted = Math.min(count, this.#count);
    const lines: string[] = [];
    for (let index = this.#count - wanted; index < this.#count; index += 1) {
      const position = (this.#next - this.#count + index + this.capacity) % this.capacity;
      lines.push(this.#lines[position] ?? '');
    }
    return lines;
  }

  clear(): void {
    this.#lines.fill(undefined);
    this.#next = 0;
    this.#count = 0;
  }
}
