/** drizzle-kit configuration of the messages database: `npm run db:generate -w server/message-api -- --name <change>`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/db/schema.ts', out: './drizzle' });
