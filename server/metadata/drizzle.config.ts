/** drizzle-kit configuration of the metadata database: `npm run db:generate -w server/metadata -- --name <change>`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/db/schema.ts', out: './drizzle' });
