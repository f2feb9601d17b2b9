/** Naming the schemas of a generated OpenAPI document: every exported `XSchema` becomes `#/components/schemas/X`. */
import { z } from 'zod';
import { jsonSchemaOf } from './zod-json-schema.js';

type Json = unknown;

/** A named schema's JSON, and the canonical text it is recognised by. */
interface NamedSchemaJson {
  readonly name: string;
  readonly json: Json;
}

/**
 * The JSON of each named zod schema (`UserSchema` → `User`), for the module exports given.
 * Schemas whose input and output differ (transforms) are left out: the same name could not
 * stand for both. When two names render the same, the first in alphabetical order wins.
 */
export function namedSchemaJson(moduleExports: Readonly<Record<string, unknown>>): NamedSchemaJson[] {
  const named: NamedSchemaJson[] = [];
  for (const [exportName, value] of Object.entries(moduleExports).sort(([left], [right]) =>
    left.localeCompare(right),
  )) {
    if (!exportName.endsWith('Schema') || !(value instanceof z.ZodType)) continue;
    const input = jsonSchemaOf(value, 'input');
    const output = jsonSchemaOf(value, 'output');
    if (canonical(input) !== canonical(output)) continue;
    named.push({ name: exportName.slice(0, -'Schema'.length), json: input });
  }
  return named;
}

/** Keys that make a schema specific enough to be recognised without its description. */
const DISTINCTIVE_KEYS = ['properties', 'oneOf', 'allOf', 'enum', 'pattern', 'format'];

/**
 * Replaces every schema of the document that equals a named schema with a `$ref`, and adds
 * the named schemas it uses to `components.schemas` (themselves referring to each other).
 * A schema that differs only in its description (a field that says what it is for) becomes
 * `{description, allOf: [{$ref}]}`, keeping its words; OpenAPI 3.0 ignores siblings of `$ref`.
 * `alwaysInclude` names schemas to add even when no operation uses them directly.
 */
export function extractSchemaComponents(
  document: Record<string, unknown>,
  named: readonly NamedSchemaJson[],
  alwaysInclude: readonly string[] = [],
): void {
  const exact = new Map<string, string>();
  // Several names with one shape (the opaque ids) make the shape ambiguous: `null`, never matched loosely.
  const withoutDescription = new Map<string, string | null>();
  const jsonByName = new Map<string, Json>();
  for (const { name, json } of named) {
    jsonByName.set(name, json);
    const key = canonical(json);
    if (!exact.has(key)) exact.set(key, name);
    const stripped = stripDescription(json);
    if (DISTINCTIVE_KEYS.some((distinctive) => distinctive in stripped)) {
      const strippedKey = canonical(stripped);
      withoutDescription.set(strippedKey, withoutDescription.has(strippedKey) ? null : name);
    }
  }
  const components = (document.components ??= {}) as Record<string, unknown>;
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  const pending: string[] = [];
  const reference = (name: string): Json => {
    if (!(name in schemas)) {
      schemas[name] = null;
      pending.push(name);
    }
    return { $ref: `#/components/schemas/${name}` };
  };
  const referTo = (node: Json, isRoot: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => referTo(item, false));
    if (typeof node !== 'object' || node === null) return node;
    if (!isRoot) {
      const exactName = exact.get(canonical(node));
      if (exactName !== undefined) return reference(exactName);
      const stripped = stripDescription(node);
      const looseName = withoutDescription.get(canonical(stripped));
      if (looseName !== undefined && looseName !== null) {
        const description = (node as Record<string, unknown>).description;
        return typeof description === 'string'
          ? { description, allOf: [reference(looseName)] }
          : reference(looseName);
      }
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, referTo(value, false)]));
  };
  for (const name of alwaysInclude) reference(name);
  document.paths = referTo(document.paths, true);
  for (const name of Object.keys(schemas)) {
    if (schemas[name] !== null) schemas[name] = referTo(schemas[name], true);
  }
  while (pending.length > 0) {
    const name = pending.pop() as string;
    schemas[name] = referTo(jsonByName.get(name), true);
  }
}

function stripDescription(json: Json): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const { description: _description, ...rest } = json as Record<string, unknown>;
  return rest;
}

/** JSON with sorted keys, so that equal schemas give equal text. */
function canonical(value: Json): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([left], [right]) => left.localeCompare(right)))
      : item,
  );
}
