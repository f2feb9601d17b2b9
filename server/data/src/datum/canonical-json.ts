/** Canonical JSON: one text per value whatever the order of its keys, for content hashes. */

/**
 * The JSON text of `value` with the keys of every object sorted (by UTF-16 code units, as
 * RFC 8785 §3.2.3 does) and no whitespace, so that two equal data give the same hash however
 * the uploader ordered their fields. Numbers are written as `JSON.stringify` writes them, which
 * RFC 8785 §3.2.2.3 adopts; `undefined` members are left out.
 *
 * @example canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }) // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
