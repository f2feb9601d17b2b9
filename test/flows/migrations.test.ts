/**
 * Every service's committed migrations work inside the schema the kit gives it when services
 * share one `DATABASE_URL` (DESIGN.md §4): none may name the `public` schema, as drizzle-kit
 * writes into foreign keys (`REFERENCES "public"."users"`). Edit such a line out of a newly
 * generated migration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../fixtures/platform-process.js';

const services = readdirSync(join(repositoryRoot, 'server'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => {
    try {
      return readdirSync(join(repositoryRoot, 'server', name, 'drizzle')).length > 0;
    } catch {
      return false;
    }
  });

describe('service migrations', () => {
  it('exist for every service with a database', () => {
    expect(services).toEqual(
      expect.arrayContaining(['user-api', 'metadata', 'access', 'data', 'message-api']),
    );
  });

  it.each(services)('of %s never name the public schema', (service) => {
    const folder = join(repositoryRoot, 'server', service, 'drizzle');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.sql'))) {
      expect(readFileSync(join(folder, file), 'utf8'), `${service}/drizzle/${file}`).not.toMatch(
        /"public"\./,
      );
    }
  });
});
