/** drizzle-kit configuration of the data database: `npm run db:generate -w server/data -- --name <change>`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/db/schema.ts', out: './drizzle' });
