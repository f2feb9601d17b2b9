/** Where a service's database is: `<SERVICE>_DATABASE_URL`, `DATABASE_URL`, or the embedded default (DESIGN.md §4). */
import { z } from 'zod';

type Underscored<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}_${Underscored<Tail>}`
  : Name;

/** `user-api` → `USER_API_DATABASE_URL`. */
export type DatabaseUrlVariable<Service extends string> = `${Uppercase<Underscored<Service>>}_DATABASE_URL`;

/**
 * A PostgreSQL connection URL. Not parsed with `URL`: a multi-host URL
 * (`postgres://h1:5432,h2:5432/db?target_session_attrs=read-write`) is valid for the driver
 * but not for WHATWG URL parsing.
 */
export const PostgresUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL');

/** The name of the variable that holds a service's own database URL. */
export function databaseUrlVariable<Service extends string>(service: Service): DatabaseUrlVariable<Service> {
  return `${service.replaceAll('-', '_').toUpperCase()}_DATABASE_URL` as DatabaseUrlVariable<Service>;
}

/**
 * The variables a service with a database adds to its configuration schema: its own URL and
 * the shared `DATABASE_URL` (one database, a schema per service). Both optional: without
 * either, the service uses embedded PGlite in its data directory.
 */
export function databaseConfigShape<Service extends string>(service: Service) {
  return {
    [databaseUrlVariable(service)]: PostgresUrlSchema.optional(),
    DATABASE_URL: PostgresUrlSchema.optional(),
  } as { [Name in DatabaseUrlVariable<Service> | 'DATABASE_URL']: z.ZodOptional<typeof PostgresUrlSchema> };
}

/** Where to open a service's database, as `openDatabase` takes it. */
export interface DatabaseLocation {
  /** A PostgreSQL URL, or undefined for embedded PGlite. */
  readonly url?: string;
  /** The PostgreSQL schema to use, when several services share `DATABASE_URL`. */
  readonly postgresSchema?: string;
}

/** Picks the service's own URL first, then the shared one with a schema named after the service. */
export function databaseLocation(
  service: string,
  config: Readonly<Record<string, unknown>>,
): DatabaseLocation {
  const own = config[databaseUrlVariable(service)];
  if (typeof own === 'string') return { url: own };
  const shared = config.DATABASE_URL;
  if (typeof shared === 'string') return { url: shared, postgresSchema: service.replaceAll('-', '_') };
  return {};
}
