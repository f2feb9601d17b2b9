/**
 * A JSON body parsed as it arrives. The platform writes its long arrays one element per line (the
 * data service's query answers: DESIGN.md §9), and JSON text never holds a raw newline inside a
 * string, so every newline lies between tokens: an array is parsed a run of whole lines at a time,
 * while the rest of the answer is still on its way, and the answer's text is never held whole.
 * Any other layout (one line, pretty-printed, an object) falls back to one `JSON.parse` at the end.
 * Either way the value is what `JSON.parse` makes of the whole text, and whatever it would refuse
 * is refused.
 */

const NEWLINE = 0x0a;
const COMMA = ',';

/** What {@link readJsonBody} read: `malformed` when the text is not JSON. */
export interface JsonBody {
  /** The parsed value; undefined for an empty body or a malformed one. */
  readonly value: unknown;
  readonly malformed: boolean;
}

/** Reads and parses `body` (the bytes of a JSON text), a run of lines at a time when it can. */
export async function readJsonBody(body: ReadableStream<Uint8Array>): Promise<JsonBody> {
  const parser = new JsonLinesParser();
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    parser.push(read.value);
  }
  return parser.end();
}

/**
 * The parser under {@link readJsonBody}: `push` the bytes as they come, then `end`. Bytes are cut
 * at their last newline; the text before it goes to `consume` once it can start or continue a
 * top-level array. A run that cannot (a line break inside an element) turns the parser to
 * reading the rest whole.
 */
export class JsonLinesParser {
  readonly #decoder = new TextDecoder();
  /** Bytes after the last cut. */
  #held: Uint8Array[] = [];
  /** The elements parsed so far, in runs. */
  readonly #runs: unknown[][] = [];
  /** Whether the array's `[` has been consumed. */
  #inArray = false;
  /** Whether an element has been consumed, and whether a comma after the last one has too. */
  #afterElement = false;
  #afterComma = false;
  /** Once set, the text from here on is parsed at the end: what is held, then the rest. */
  #whole: string | undefined;
  /** Whether lines of whitespace came before anything else (then the body is not empty). */
  #blank = false;

  push(chunk: Uint8Array): void {
    const cut = this.#whole === undefined ? chunk.lastIndexOf(NEWLINE) : -1;
    if (cut < 0) {
      this.#held.push(chunk);
      return;
    }
    this.#held.push(chunk.subarray(0, cut));
    // A newline is one byte that no UTF-8 sequence contains: the cut never splits a character.
    const text = this.#decode();
    this.#held = [chunk.subarray(cut + 1)];
    if (!this.#consume(text)) this.#whole = `${text}\n`;
  }

  end(): JsonBody {
    const rest = (this.#whole ?? '') + this.#decode() + this.#decoder.decode();
    if (!this.#inArray) {
      return rest === '' && !this.#blank ? { value: undefined, malformed: false } : parseWhole(rest);
    }
    // The rest closes the array that earlier runs started.
    const text = trimJsonWhitespace(rest);
    if (!text.endsWith(']') || !this.#consume(text.slice(0, -1), true)) {
      return { value: undefined, malformed: true };
    }
    return { value: this.#runs.length === 1 ? this.#runs[0] : this.#runs.flat(), malformed: false };
  }

  #decode(): string {
    const held = this.#held;
    this.#held = [];
    if (held.length === 0) return '';
    const bytes = held.length === 1 ? held[0] : concatBytes(held);
    return bytes === undefined ? '' : this.#decoder.decode(bytes, { stream: true });
  }

  /**
   * Takes a run of whole lines of the array (the last run, `closing`, without its `]`); false,
   * with nothing taken, when the run does not continue the array as JSON would.
   */
  #consume(run: string, closing = false): boolean {
    let text = trimJsonWhitespace(run);
    let inArray = this.#inArray;
    if (!inArray) {
      if (text === '') {
        // Lines of whitespace (a run ends at a newline): the body is not empty.
        this.#blank = true;
        return true;
      }
      if (!text.startsWith('[')) return false;
      text = trimJsonWhitespace(text.slice(1));
      inArray = true;
    }
    const afterElement = this.#afterElement;
    let afterComma = this.#afterComma;
    if (text.startsWith(COMMA)) {
      if (!afterElement || afterComma) return false;
      text = trimJsonWhitespace(text.slice(1));
      afterComma = true;
    }
    let trailingComma = false;
    if (text.endsWith(COMMA)) {
      text = trimJsonWhitespace(text.slice(0, -1));
      trailingComma = true;
    }
    if (text === '') {
      // Nothing but a comma or nothing at all: `[`, `,`, or the end after an element.
      if (trailingComma && (afterComma || !afterElement)) return false;
      if (closing && afterComma) return false;
      this.#commit(inArray, afterElement, afterComma || trailingComma);
      return true;
    }
    // An element after an element needs a comma between them; the closing run none after it.
    if ((afterElement && !afterComma) || (closing && trailingComma)) return false;
    let elements: unknown;
    try {
      elements = JSON.parse(`[${text}]`);
    } catch {
      return false;
    }
    this.#runs.push(elements as unknown[]);
    this.#commit(inArray, true, trailingComma);
    return true;
  }

  #commit(inArray: boolean, afterElement: boolean, afterComma: boolean): void {
    this.#inArray = inArray;
    this.#afterElement = afterElement;
    this.#afterComma = afterComma;
  }
}

function parseWhole(text: string): JsonBody {
  try {
    return { value: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { value: undefined, malformed: true };
  }
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Space, tab, line feed and carriage return only: `String.prototype.trim` takes more than JSON allows. */
function trimJsonWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJsonWhitespace(text.charCodeAt(start))) start += 1;
  while (end > start && isJsonWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
