/** drizzle-kit configuration of the users database: `npm run db:generate -w server/user-api -- --name <change>`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/db/schema.ts', out: './drizzle' });
