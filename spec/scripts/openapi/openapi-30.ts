/** Rewrites the few JSON-schema forms that @anatine/zod-openapi writes in OpenAPI 3.1 style into OpenAPI 3.0 (ts-rest declares 3.0.2). */

/**
 * - `exclusiveMinimum: 0` (3.1, from `.positive()`) becomes `minimum: 0, exclusiveMinimum: true`;
 *   the same for maxima.
 * - `nullable` without a `type` (from `z.unknown()`) is dropped: 3.0 allows it only beside `type`,
 *   and a schema without a type already accepts any value.
 */
export function toOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi30);
  if (typeof node !== 'object' || node === null) return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) result[key] = toOpenApi30(value);
  for (const [exclusive, inclusive] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const bound = result[exclusive];
    if (typeof bound === 'number') {
      result[inclusive] = bound;
      result[exclusive] = true;
    }
  }
  if (result.nullable === true && result.type === undefined && !('$ref' in result)) delete result.nullable;
  return result;
}
