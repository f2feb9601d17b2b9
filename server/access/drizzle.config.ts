/** drizzle-kit configuration of the permissions database: `npm run db:generate -w server/access -- --name <change>`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/db/schema.ts', out: './drizzle' });
