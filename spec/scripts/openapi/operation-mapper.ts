/** Shapes each generated OpenAPI operation: problem responses, security, token headers, examples, tags. */
import type { AppRoute } from '@ts-rest/core';
import type { generateOpenApi } from '@ts-rest/open-api';
import { z } from 'zod';
import {
  PROBLEM_CONTENT_TYPE,
  SERVER_SECRET_HEADER,
  SESSION_TOKEN_HEADER,
  isProblemResponse,
  routeMeta,
  type RouteAuth,
} from '@tidepool/spec';
import { jsonSchemaOf } from './zod-json-schema.js';

type GenerateOptions = NonNullable<Parameters<typeof generateOpenApi>[2]>;
export type OperationMapper = NonNullable<GenerateOptions['operationMapper']>;
type OperationObject = Parameters<OperationMapper>[0];
type JsonObject = Record<string, unknown>;

/** The security schemes the documents declare, one per kind of credential (route-meta.ts). */
export const SECURITY_SCHEMES = {
  sessionToken: {
    type: 'apiKey',
    in: 'header',
    name: SESSION_TOKEN_HEADER,
    description: 'A session token from login or signup (or a server token from server login).',
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'The username or an email address, and the password.',
  },
  serverSecret: {
    type: 'apiKey',
    in: 'header',
    name: SERVER_SECRET_HEADER,
    description: 'The shared server secret. Servers only.',
  },
} as const;

const SECURITY_BY_AUTH: Readonly<Record<RouteAuth, readonly Readonly<Record<string, string[]>>[]>> = {
  none: [],
  basic: [{ basic: [] }],
  user: [{ sessionToken: [] }],
  server: [{ sessionToken: [] }],
  secret: [{ serverSecret: [] }],
};

const SUCCESS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '200': 'OK.',
  '201': 'Created.',
  '202': 'Accepted: the answer does not say more, on purpose or because the work continues.',
  '204': 'Done; no content.',
};

const PROBLEM_REFERENCE = { $ref: '#/components/schemas/Problem' } as const;

/** What the mapper needs to know about the document it works for. */
export interface OperationMapperOptions {
  /** The tag (service name) of an operation, from the tags ts-rest derived from router nesting. */
  readonly tagFor: (defaultTags: readonly string[]) => string;
  /** Mark internal operations with `x-internal: true` (service documents). */
  readonly markInternal: boolean;
  /** The exported name of a zod schema (`RevocationEventSchema` → `RevocationEvent`). */
  readonly nameOf: (schema: unknown) => string | undefined;
  /** Receives each event schema of a `text/event-stream` route, to add to the components. */
  readonly onEventSchema: (name: string, schema: unknown) => void;
}

/** The operation mapper for one document. */
export function createOperationMapper(options: OperationMapperOptions): OperationMapper {
  return (operation, route) => {
    const meta = routeMeta(route);
    const mapped: OperationObject = {
      ...operation,
      tags: [options.tagFor(operation.tags ?? [])],
      security: SECURITY_BY_AUTH[meta.auth].map((requirement) => ({ ...requirement })),
      responses: mapResponses(operation.responses, route, options),
    };
    if (meta.auth === 'server') {
      mapped.description =
        `${operation.description ?? ''}\n\nNeeds a server token (from server login).`.trim();
    }
    if (meta.idempotent === true) {
      mapped.description =
        `${mapped.description ?? ''}\n\nIdempotent: sending the same request again stores nothing twice (a repeat is counted as duplicates), so a client may retry it after a timeout, a cut connection or a 503.`.trim();
      mapped['x-idempotent'] = true;
    }
    if (options.markInternal && meta.internal) mapped['x-internal'] = true;
    addRequestBodyDetails(mapped, route);
    addParameterExamples(mapped, route);
    return mapped;
  };
}

function mapResponses(
  responses: Record<string, JsonObject>,
  route: AppRoute,
  options: OperationMapperOptions,
): Record<string, JsonObject> {
  const meta = routeMeta(route);
  const mapped: Record<string, JsonObject> = {};
  for (const [status, response] of Object.entries(responses)) {
    const declared: unknown = route.responses[Number(status)];
    const next: JsonObject = { ...response };
    if (next.description === status) next.description = SUCCESS_DESCRIPTIONS[status] ?? `Status ${status}.`;
    if (isProblemResponse(declared)) {
      next.content = { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REFERENCE } };
    } else if (isOtherResponse(declared)) {
      next.content = { [declared.contentType]: { schema: { type: 'string' } } };
      if (meta.eventSchema !== undefined) {
        const eventName = options.nameOf(meta.eventSchema);
        if (eventName === undefined)
          throw new Error(`The event schema of ${route.path} is not exported by name.`);
        options.onEventSchema(eventName, jsonSchemaOf(meta.eventSchema, 'output'));
        next.description = `Server-sent events (text/event-stream); the \`data\` of each event is a JSON \`${eventName}\`.`;
        next['x-event-schema'] = { $ref: `#/components/schemas/${eventName}` };
      }
    }
    if (meta.issuesSessionToken === true && Number(status) < 300) {
      next.headers = {
        [SESSION_TOKEN_HEADER]: {
          description: 'The session token to send with the next requests.',
          schema: { type: 'string' },
        },
      };
    }
    mapped[status] = next;
  }
  return mapped;
}

function isOtherResponse(response: unknown): response is { contentType: string; body: unknown } {
  return typeof response === 'object' && response !== null && 'contentType' in response && 'body' in response;
}

function addRequestBodyDetails(operation: OperationObject, route: AppRoute): void {
  const requestBody = operation.requestBody as JsonObject | undefined;
  if (requestBody === undefined || !('body' in route)) return;
  const body: unknown = route.body;
  requestBody.required = true;
  if (body instanceof z.ZodType && body.description !== undefined) requestBody.description = body.description;
  else delete requestBody.description;
  const example = routeMeta(route).examples?.body;
  const content = requestBody.content as Record<string, JsonObject> | undefined;
  const json = content?.['application/json'];
  if (example !== undefined && json !== undefined) json.example = example;
}

function addParameterExamples(operation: OperationObject, route: AppRoute): void {
  const examples = routeMeta(route).examples;
  if (examples === undefined) return;
  for (const parameter of (operation.parameters ?? []) as JsonObject[]) {
    const source =
      parameter.in === 'query' ? examples.query : parameter.in === 'path' ? examples.params : undefined;
    const example = typeof parameter.name === 'string' ? source?.[parameter.name] : undefined;
    if (example !== undefined) parameter.example = example;
  }
}
