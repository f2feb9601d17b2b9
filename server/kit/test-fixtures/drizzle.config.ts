/** drizzle-kit configuration of the kit's test schema: `npm run db:generate-fixtures -w server/kit`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './test-fixtures/schema.ts',
  out: './test-fixtures/migrations',
});
