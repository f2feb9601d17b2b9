/** JSON Merge Patch (RFC 7396): how PUT and POST change a collection, the Tidepool merge semantics of DESIGN.md §9. */

/** A JSON object as parsed from a request or a document. */
export type JsonObject = Record<string, unknown>;

/** Whether a JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies a merge patch to a target, RFC 7396 §2: each key of the patch replaces the target's
 * value, `null` removes the key, and an object merges into an object recursively (into nothing
 * when the target's value is not an object). Arrays and other values replace whole. Neither
 * argument is changed.
 *
 * The result is built with `Object.fromEntries`, which defines properties: a `__proto__` key
 * from a request stays a plain key and can never reach an object's prototype.
 *
 * @example mergePatch({ a: 1, b: { c: 2 } }, { a: null, b: { d: 3 } }) // { b: { c: 2, d: 3 } }
 */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const entries = new Map<string, unknown>(Object.entries(target));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      entries.delete(key);
    } else if (isJsonObject(value)) {
      const current = entries.get(key);
      entries.set(key, mergePatch(isJsonObject(current) ? current : {}, value));
    } else {
      entries.set(key, value);
    }
  }
  return Object.fromEntries<unknown>(entries);
}
