/** Builds the OpenAPI documents and the TypeScript types of the public one, in memory (DESIGN.md §3). */
import { readFileSync } from 'node:fs';
import { generateOpenApi } from '@ts-rest/open-api';
import openapiTS, { astToString } from 'openapi-typescript';
import * as spec from '@tidepool/spec';
import {
  ProblemSchema,
  SERVICES,
  isInternalRoute,
  platformContract,
  type ServiceEntry,
} from '@tidepool/spec';
import { mapDiscriminators } from './discriminator-mapping.js';
import { filterRouter } from './filter-router.js';
import { toOpenApi30 } from './openapi-30.js';
import { createOperationMapper, SECURITY_SCHEMES } from './operation-mapper.js';
import { extractSchemaComponents, namedSchemaJson } from './schema-components.js';
import { stableJson } from './stable-json.js';
import { jsonSchemaOf } from './zod-json-schema.js';

type JsonObject = Record<string, unknown>;

/** A file to write, relative to the `spec/` folder. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** The command that writes the generated files; generated files name it. */
export const GENERATE_COMMAND = 'npm run spec';

const specPackage = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  license: string;
};
// The package's license, with the address OpenAPI tools ask for.
const info = {
  version: specPackage.version,
  license: { name: specPackage.license, url: `https://spdx.org/licenses/${specPackage.license}.html` },
};

const exportedSchemas = spec as unknown as Readonly<Record<string, unknown>>;
const namedSchemas = namedSchemaJson(exportedSchemas);
const schemaNames = new Map<unknown, string>(
  Object.entries(exportedSchemas)
    .filter(([name]) => name.endsWith('Schema'))
    .map(([name, value]) => [value, name.slice(0, -'Schema'.length)]),
);

const PUBLIC_DESCRIPTION = [
  'The public HTTP API of the Tidepool platform, as served by the router (styx).',
  '',
  '- Send the session token from login or signup in `x-tidepool-session-token`; login, signup and',
  '  refresh answer a new one in the same header.',
  '- Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code` and the',
  '  `requestId` to quote when asking for help.',
  '- Paths, headers and success bodies follow the Tidepool wire protocol, so existing Tidepool',
  '  clients keep working.',
].join('\n');

function tagFor(service: ServiceEntry): JsonObject {
  return { name: service.name, description: service.summary };
}

/**
 * Schemas a document names although no route body refers to them: the metadata collections
 * are plain JSON objects on the wire, but partners need the shape of `profile`.
 */
const DOCUMENTED_SCHEMAS = ['Profile'];

function finish(
  document: JsonObject,
  eventSchemas: Map<string, unknown>,
  alwaysInclude: readonly string[],
): JsonObject {
  const components = (document.components ??= {}) as JsonObject;
  const schemas = (components.schemas ??= {}) as JsonObject;
  schemas.Problem = jsonSchemaOf(ProblemSchema, 'output');
  for (const [name, schema] of eventSchemas) schemas[name] = schema;
  extractSchemaComponents(document, namedSchemas, alwaysInclude);
  sayResponseDescriptionsOnce(document);
  mapDiscriminators(document);
  return toOpenApi30(document) as JsonObject;
}

/**
 * A response body described like its response (`UserSchema.describe('The new account.')`)
 * became `{description, allOf: [{$ref}]}`; the response says it already, so the body is the `$ref`.
 */
function sayResponseDescriptionsOnce(document: JsonObject): void {
  for (const pathItem of Object.values(document.paths as Record<string, Record<string, JsonObject>>)) {
    for (const operation of Object.values(pathItem)) {
      for (const response of Object.values(operation.responses as Record<string, JsonObject>)) {
        const content = response.content as Record<string, { schema?: JsonObject }> | undefined;
        for (const media of Object.values(content ?? {})) {
          const allOf = media.schema?.allOf as JsonObject[] | undefined;
          if (media.schema?.description === response.description && allOf?.length === 1)
            media.schema = allOf[0];
        }
      }
    }
  }
}

/** `public.json`: every public route of every service, with the prefixes styx serves them under. */
export function buildPublicDocument(): JsonObject {
  const eventSchemas = new Map<string, unknown>();
  const serviceByKey = new Map(
    SERVICES.filter((service) => service.prefix !== null).map((service) => [
      service.prefix?.slice(1),
      service,
    ]),
  );
  const publicRouter = filterRouter(platformContract, (route) => !isInternalRoute(route));
  const document = generateOpenApi(
    publicRouter,
    {
      info: { ...info, title: 'Tidepool platform API', description: PUBLIC_DESCRIPTION },
      servers: [{ url: 'http://localhost:8009', description: 'A local platform started with `npm start`.' }],
      tags: [...serviceByKey.values()].map(tagFor),
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    {
      setOperationId: 'concatenated-path',
      operationMapper: createOperationMapper({
        tagFor: (defaultTags) => {
          const service = serviceByKey.get(defaultTags[0]);
          if (service === undefined) throw new Error(`No service is served under /${defaultTags.join('/')}.`);
          return service.name;
        },
        markInternal: false,
        nameOf: (schema) => schemaNames.get(schema),
        onEventSchema: (name, schema) => eventSchemas.set(name, schema),
      }),
    },
  ) as unknown as JsonObject;
  return finish(document, eventSchemas, DOCUMENTED_SCHEMAS);
}

/** `<service>.json`: every route of one service as the service itself serves it, internal ones marked. */
export function buildServiceDocument(service: ServiceEntry): JsonObject {
  const eventSchemas = new Map<string, unknown>();
  const where =
    service.prefix === null
      ? 'It is private: only other processes of the platform call it.'
      : `Public routes are also served by the router under \`${service.prefix}\`; internal ones (\`x-internal\`) never are.`;
  const document = generateOpenApi(
    service.contract,
    {
      info: {
        ...info,
        title: `Tidepool ${service.name}`,
        description: `${service.summary} Paths as the service serves them on the private network. ${where}`,
      },
      servers: [
        {
          url: 'http://{host}',
          description: 'One instance, at the address it publishes to hakken.',
          variables: {
            host: { default: '127.0.0.1:8080', description: '`hostname:port` from the hakken listing.' },
          },
        },
      ],
      tags: [tagFor(service)],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    {
      setOperationId: true,
      operationMapper: createOperationMapper({
        tagFor: () => service.name,
        markInternal: true,
        nameOf: (schema) => schemaNames.get(schema),
        onEventSchema: (name, schema) => eventSchemas.set(name, schema),
      }),
    },
  ) as unknown as JsonObject;
  return finish(document, eventSchemas, service.name === 'metadata' ? DOCUMENTED_SCHEMAS : []);
}

/** TypeScript types of a document, by openapi-typescript, with a first line saying how they were made. */
export async function typesOf(document: JsonObject, source: string): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as unknown as Parameters<typeof openapiTS>[0]);
  return `// Generated by \`${GENERATE_COMMAND}\` from ${source} with openapi-typescript; do not edit.\n${astToString(ast)}`;
}

/** Every generated file, with its content. */
export async function buildGeneratedFiles(): Promise<GeneratedFile[]> {
  const publicDocument = buildPublicDocument();
  return [
    { path: 'openapi/public.json', content: stableJson(publicDocument) },
    ...SERVICES.map((service) => ({
      path: `openapi/${service.name}.json`,
      content: stableJson(buildServiceDocument(service)),
    })),
    {
      path: 'src/openapi/public.generated.ts',
      content: await typesOf(
        JSON.parse(stableJson(publicDocument)) as JsonObject,
        'spec/openapi/public.json',
      ),
    },
  ];
}
