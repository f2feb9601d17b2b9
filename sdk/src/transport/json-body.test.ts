import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonLinesParser, readJsonBody, type JsonBody } from './json-body.js';

const encoder = new TextEncoder();

/** What parsing `text` whole says: the standard the parser is held to. */
function expected(text: string): JsonBody {
  if (text === '') return { value: undefined, malformed: false };
  try {
    return { value: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { value: undefined, malformed: true };
  }
}

/** `text` pushed as its bytes cut at `cuts` (offsets, in any order). */
function parsedIn(text: string, cuts: readonly number[]): JsonBody {
  const bytes = encoder.encode(text);
  const parser = new JsonLinesParser();
  let start = 0;
  for (const cut of [...new Set(cuts)].filter((at) => at > 0 && at < bytes.length).sort((a, b) => a - b)) {
    parser.push(bytes.subarray(start, cut));
    start = cut;
  }
  parser.push(bytes.subarray(start));
  return parser.end();
}

/** Parsed as it comes in two pieces at every byte offset, and a byte at a time: each as `JSON.parse` says. */
function expectParsedAsWhole(text: string): void {
  const standard = expected(text);
  const bytes = encoder.encode(text);
  const ways = [
    ...Array.from({ length: bytes.length + 1 }, (_, at) => [at]),
    Array.from({ length: bytes.length }, (_, at) => at),
  ];
  for (const cuts of ways) {
    const parsed = parsedIn(text, cuts);
    expect({ text, cuts, malformed: parsed.malformed }).toEqual({
      text,
      cuts,
      malformed: standard.malformed,
    });
    expect(JSON.stringify(parsed.value)).toBe(JSON.stringify(standard.value));
  }
}

/** The data service's layout (DESIGN.md §9): `[`, one element a line, `]`. */
const oneALine = (values: readonly unknown[]) =>
  values.length === 0 ? '[]' : `[\n${values.map((value) => JSON.stringify(value)).join(',\n')}\n]`;

describe('a JSON body parsed as it arrives', () => {
  it('parses arrays in every layout as JSON.parse does, wherever the bytes are cut', () => {
    for (const text of [
      '',
      '[]',
      '[\n]',
      oneALine([{ id: 'a', value: 5.5 }, { id: 'b', notes: ['x', 'y'] }, [1, [2]], 'é😀', null]),
      '[1\n,2\n,3]',
      ' \n [ 1 ,\n 2 ] \n',
      JSON.stringify([{ a: [1, { b: 2 }] }, { c: 'line\nbreak' }], null, 2),
      '[["a","b"],\n["c"]]',
      '\n\n[1]',
      '\r\n[\r\n1,\r\n2\r\n]\r\n',
    ]) {
      expectParsedAsWhole(text);
    }
  });

  it('parses any other JSON text whole', () => {
    for (const text of ['{"a":\n1}', '42', '"text"', 'null', '{\n"messages": [\n]\n}'])
      expectParsedAsWhole(text);
  });

  it('refuses what JSON.parse refuses', () => {
    for (const text of [
      '[1,\n]',
      '[1\n2]',
      '[,\n1]',
      '[1,,\n2]',
      '[1\n,,2]',
      '[1\n,\n,2]',
      '[1]\n]',
      '[1',
      '[1,\n',
      '[\n1\n',
      '\n',
      ' ',
      '[\n1\n]x',
      '[\n1\n] ]',
      '{"a":1}\n{',
      '[1]\n[2]',
      '["a\nb"]',
      '[\n"a"\n\u00a0]',
      '\ufeff[1]x',
    ]) {
      expectParsedAsWhole(text);
    }
  });

  it('holds to JSON.parse for any JSON array, laid out and cut at random', () => {
    const layouts = fc.constantFrom<(values: unknown[]) => string>(
      oneALine,
      (values) => JSON.stringify(values),
      (values) => JSON.stringify(values, null, 2),
      (values) => `[${values.map((value) => `\n ${JSON.stringify(value)} \n`).join(',')}]`,
    );
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), layouts, fc.array(fc.nat()), (values, layout, cuts) => {
        const text = layout(values);
        const parsed = parsedIn(
          text,
          cuts.map((cut) => cut % (text.length + 1)),
        );
        expect(parsed.malformed).toBe(false);
        expect(JSON.stringify(parsed.value)).toBe(JSON.stringify(JSON.parse(text)));
      }),
    );
  });

  it('refuses an array with one character taken out or doubled, exactly when JSON.parse does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1 }),
        fc.nat(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (values, at, double, cuts) => {
          const text = oneALine(values);
          const index = at % text.length;
          const changed =
            text.slice(0, index) + (double ? text.slice(index, index + 2) : '') + text.slice(index + 1);
          const parsed = parsedIn(changed, cuts);
          const standard = expected(changed);
          expect(parsed.malformed).toBe(standard.malformed);
          expect(JSON.stringify(parsed.value)).toBe(JSON.stringify(standard.value));
        },
      ),
    );
  });
});

describe('readJsonBody', () => {
  afterEach(() => vi.restoreAllMocks());

  const streamOf = (chunks: readonly Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });

  it('parses a long answer a run of lines at a time, never its whole text at once', async () => {
    const values = Array.from({ length: 2000 }, (_, index) => ({
      id: `datum-${String(index)}`,
      value: index / 7,
    }));
    const bytes = encoder.encode(oneALine(values));
    const chunkSize = 4096;
    const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, index) =>
      bytes.subarray(index * chunkSize, (index + 1) * chunkSize),
    );
    const parse = vi.spyOn(JSON, 'parse');
    const body = await readJsonBody(streamOf(chunks));
    expect(body).toEqual({ value: values, malformed: false });
    const parsedLengths = parse.mock.calls.map(([text]) => text.length);
    expect(parsedLengths.length).toBeGreaterThanOrEqual(chunks.length - 1);
    expect(Math.max(...parsedLengths)).toBeLessThan(2 * chunkSize);
  });

  it('fails as reading the body fails (a connection cut mid-answer)', async () => {
    let pulls = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(encoder.encode('[\n1,\n'));
        else controller.error(new Error('connection reset'));
      },
    });
    await expect(readJsonBody(failing)).rejects.toThrow('connection reset');
  });
});
