import { defineConfig } from 'vitest/config';

// Tests live beside the code. `*.db.test.ts` need a database and run twice: on in-memory PGlite and,
// when TEST_DATABASE_URL points at a PostgreSQL server (CI always sets it), on PostgreSQL. The engine
// switch itself is in test/support/test-keymoment.ts; this file only sets KEYMOMENT_TEST_ENGINE.
const DB_TESTS = ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'];
const ALWAYS_EXCLUDED = ['**/node_modules/**', 'test/e2e/**', 'web/**', '.tmp/**'];

const postgresUrl = process.env.TEST_DATABASE_URL;

// Tests that start and SIGKILL real server processes run on their own with `npm run test:crash`
// (KEYMOMENT_SOLO_TESTS=1), one at a time: next to the other suites on two cores they stalled.
const SOLO_TESTS = ['test/crash-safety.db.test.ts'];
const soloRun = process.env.KEYMOMENT_SOLO_TESTS === '1';
const dbInclude = soloRun ? SOLO_TESTS : DB_TESTS;
const dbExclude = soloRun ? ALWAYS_EXCLUDED : [...ALWAYS_EXCLUDED, ...SOLO_TESTS];

export default defineConfig({
  test: {
    pool: 'forks',
    // The machine has 2 cores; the PostgreSQL and PGlite runs share them.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...ALWAYS_EXCLUDED, ...DB_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: dbInclude,
          exclude: dbExclude,
          env: { KEYMOMENT_TEST_ENGINE: 'pglite' },
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: dbInclude,
                exclude: dbExclude,
                env: { KEYMOMENT_TEST_ENGINE: 'postgres', TEST_DATABASE_URL: postgresUrl },
              },
            },
          ]
        : []),
    ],
  },
});
