import { defineConfig } from 'drizzle-kit';

// Migrations are generated SQL, reviewed and committed (docs/decisions/0004-drizzle.md).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
