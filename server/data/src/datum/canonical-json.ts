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
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  // Loops rather than map/filter/join: an upload hashes thousands of data, and this is its hot path.
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) text += ',';
      text += canonicalJson((value[index] as unknown) ?? null);
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${text}}`;
}
