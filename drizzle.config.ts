import { defineConfig } from 'drizzle-kit';

// Each room keeps its tables in `schema.ts`; migrations are plain SQL files in ./drizzle, applied on
// start (and by `keymoment migrate`) on PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/schema.ts', './src/*/schema.ts'],
  out: './drizzle',
});
