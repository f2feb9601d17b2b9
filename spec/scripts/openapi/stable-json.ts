/** Deterministic JSON for generated files: sorted keys, 2-space indent, trailing newline. */

/**
 * JSON with every object's keys sorted, except the members of a schema's `properties`,
 * which keep the order the contract declares fields in (the order people read them in).
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value, false), null, 2)}\n`;
}

function sortKeys(value: unknown, keepOrder: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, false));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (!keepOrder) entries.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return Object.fromEntries(
    entries.map(([key, item]) => [key, sortKeys(item, key === 'properties' && !keepOrder)]),
  );
}
