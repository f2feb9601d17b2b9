/** The shape of styx's routing rules (DESIGN.md §8), as zod schemas checked once at start. */
import { z } from 'zod';
import { REQUEST_ID_HEADER, SESSION_TOKEN_HEADER, ServiceNameSchema } from '@tidepool/spec';

/** Request headers a browser may always send cross-origin: what the SDK sends (DESIGN.md §9). */
export const CORS_REQUIRED_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  SESSION_TOKEN_HEADER,
  REQUEST_ID_HEADER,
] as const;

/** Response headers a browser may always read cross-origin: the session token and the request id. */
export const CORS_REQUIRED_EXPOSED_HEADERS = [SESSION_TOKEN_HEADER, REQUEST_ID_HEADER] as const;

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const HeaderNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name (RFC 9110 §5.1)')
  .transform((name) => name.toLowerCase());

/** `https://app.example.org` or `http://localhost:3000`: scheme, host and port only (RFC 6454). */
const OriginSchema = z
  .string()
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
    "must be an origin such as 'https://app.example.org' or '*'",
  )
  .transform((origin) => origin.toLowerCase())
  .or(z.literal('*'));

export const CorsSchema = z
  .object({
    allowedOrigins: z.array(OriginSchema).min(1, 'must list at least one origin'),
    allowedMethods: z.array(z.enum(HTTP_METHODS)).min(1).default(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']),
    /** Added to `CORS_REQUIRED_ALLOWED_HEADERS`, which are always allowed. */
    allowedHeaders: z.array(HeaderNameSchema).default([]),
    /** Added to `CORS_REQUIRED_EXPOSED_HEADERS`, which are always exposed. */
    exposedHeaders: z.array(HeaderNameSchema).default([]),
    maxAgeSeconds: z.number().int().min(0).max(86_400).default(600),
    /** Tidepool clients authenticate with a header, not cookies, so credentials are off by default. */
    allowCredentials: z.boolean().default(false),
  })
  .strict()
  .refine((cors) => !(cors.allowCredentials && cors.allowedOrigins.includes('*')), {
    message: "allowCredentials cannot be used with the origin '*' (Fetch standard, CORS protocol)",
    path: ['allowCredentials'],
  });
export type CorsRule = z.output<typeof CorsSchema>;

/** An upstream is an origin: `http://127.0.0.1:9000`, no path, no credentials. */
const UpstreamUrlSchema = z
  .string()
  .regex(
    /^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/,
    "must be an origin such as 'http://127.0.0.1:9000' (no path)",
  );

const ServiceTargetSchema = z.object({ service: ServiceNameSchema }).strict();
const StaticTargetSchema = z
  .object({ upstreams: z.array(UpstreamUrlSchema).min(1, 'must list at least one upstream') })
  .strict();

/** Where a rule forwards: instances of a hakken-watched service, or a fixed list of upstreams. */
export const TargetSchema = z.union([ServiceTargetSchema, StaticTargetSchema], {
  errorMap: () => ({ message: "must be { service: 'name' } or { upstreams: ['http://host:port', ...] }" }),
});
export type Target = z.output<typeof TargetSchema>;

export const RedirectSchema = z
  .object({
    /** An absolute URL or a path; the rest of the request path and the query are appended when `appendPath`. */
    to: z
      .string()
      .regex(/^(https?:\/\/[^\s]+|\/[^\s]*)$/, "must be an absolute http(s) URL or a path starting with '/'"),
    status: z
      .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
      .default(308),
    appendPath: z.boolean().default(true),
  })
  .strict();
export type RedirectRule = z.output<typeof RedirectSchema>;

const PathPrefixSchema = z
  .string()
  .regex(
    /^\/([A-Za-z0-9._~!$&'()*+,;=:@%-]+(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*)?$/,
    "must be '/' or a path such as '/auth' (no trailing '/', no query)",
  );

export const RuleSchema = z
  .object({
    /** The rule's name in metrics and logs; by default the target service, or the prefix. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,64}$/, 'must be 1 to 64 letters, digits, or . _ / -')
      .optional(),
    pathPrefix: PathPrefixSchema,
    /** By default the prefix is stripped before forwarding (`/auth/login` → `/login`). */
    keepPrefix: z.boolean().default(false),
    cors: CorsSchema.optional(),
    target: TargetSchema.optional(),
    redirect: RedirectSchema.optional(),
    /** Overrides the router's request body limit for this rule. */
    bodyLimitBytes: z.number().int().positive().optional(),
    /** Overrides the router's timeouts for this rule, for example a long idle time for event streams. */
    timeouts: z
      .object({
        headersMilliseconds: z.number().int().positive().optional(),
        idleMilliseconds: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((rule) => (rule.target === undefined) !== (rule.redirect === undefined), {
    message: 'a rule needs exactly one of target or redirect',
  });
export type Rule = z.output<typeof RuleSchema>;
/** A rule as written in a rules file, before defaults are applied. */
export type RuleInput = z.input<typeof RuleSchema>;

/** `*` or a host name, with an optional port (`api.example.org`, `localhost:8009`). */
const HostKeySchema = z
  .string()
  .regex(/^(\*|[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9a-fA-F:.]+\](:\d{1,5})?)$/, "must be '*' or a host name");

/**
 * The rules of styx: for each Host (exact, case-insensitive, `*` for any other), the rules
 * tried in order; the first whose prefix matches the path wins.
 */
export const RulesSchema = z
  .object({
    hosts: z
      .record(HostKeySchema, z.array(RuleSchema).min(1, 'must list at least one rule'))
      .refine((hosts) => Object.keys(hosts).length > 0, 'must name at least one host'),
  })
  .strict();
export type Rules = z.output<typeof RulesSchema>;
/** Rules as written in a rules file or `STYX_RULES`, before defaults are applied. */
export type RulesInput = z.input<typeof RulesSchema>;
