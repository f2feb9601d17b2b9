/** The JSON schema of a zod schema, as @ts-rest/open-api renders it (through @anatine/zod-openapi). */
import { generateSchema } from '@anatine/zod-openapi';
import type { z } from 'zod';

/**
 * The JSON schema of the values a schema accepts (`input`, request bodies) or produces
 * (`output`, responses). Typed `unknown`: the library's declarations name `openapi3-ts/oas31`,
 * which the openapi3-ts version ts-rest installs does not have.
 */
export function jsonSchemaOf(schema: z.ZodTypeAny, direction: 'input' | 'output'): unknown {
  const json: unknown = generateSchema(schema, direction === 'output');
  return json;
}
