/** JSON with object keys sorted, so that one listing sent twice compares equal whatever its key order. */

/** The canonical JSON text of a value: equal texts mean equal values. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    typeof entry === 'object' && entry !== null && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([left], [right]) => (left < right ? -1 : 1)))
      : entry,
  );
}
