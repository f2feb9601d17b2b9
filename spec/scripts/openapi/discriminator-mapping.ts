/** Gives each OpenAPI discriminator the explicit mapping OpenAPI 3.0 needs when values are not schema names. */

type JsonObject = Record<string, unknown>;

/**
 * zod's `discriminatedUnion('type', …)` becomes `{discriminator: {propertyName: 'type'}, oneOf}`.
 * Without a mapping, OpenAPI 3.0 reads the value `cbg` as the schema name `cbg`, which does not
 * exist (the component is `Cbg`). Where every branch is a `$ref`, the mapping is added from each
 * branch's single allowed value, and `type: object`; where a branch is inline, the discriminator is dropped (the
 * branches' own `enum` still tell them apart, and 3.0 cannot map to an inline schema).
 */
export function mapDiscriminators(document: JsonObject): void {
  const schemas = ((document.components as JsonObject | undefined)?.schemas ?? {}) as Record<
    string,
    JsonObject
  >;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const schema = node as JsonObject;
    const discriminator = schema.discriminator as
      { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (discriminator !== undefined) {
      const mapping = mappingOf(schema.oneOf, discriminator.propertyName, schemas);
      if (mapping === undefined) delete schema.discriminator;
      else {
        discriminator.mapping = mapping;
        // Validators that honour `discriminator` skip `oneOf`, and would let an array through.
        schema.type ??= 'object';
      }
    }
    Object.values(schema).forEach(visit);
  };
  visit(document);
}

function mappingOf(
  branches: unknown,
  propertyName: string,
  schemas: Record<string, JsonObject>,
): Record<string, string> | undefined {
  if (!Array.isArray(branches)) return undefined;
  const mapping: Record<string, string> = {};
  for (const branch of branches as JsonObject[]) {
    const reference = branch.$ref;
    if (typeof reference !== 'string') return undefined;
    const target = schemas[reference.split('/').pop() ?? ''];
    const property = (target?.properties as Record<string, JsonObject> | undefined)?.[propertyName];
    const values = property?.enum;
    if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') return undefined;
    mapping[values[0]] = reference;
  }
  return mapping;
}
