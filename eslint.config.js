// ESLint flat config. The import rules of DESIGN.md ("Shape of the code") are enforced here, not in prose:
//
//   src/stats/, src/text/   pure rooms: import nothing of ours and no I/O module
//   src/platform/           imports only src/platform/
//   src/<room>/             its own files, platform, stats, text, and ONLY another room's index.ts
//   src/cli/, src/main.ts   rooms' index.ts, platform, stats, text (cli also main.ts)
//   web/                    anything from src/ only through `import type`
//   *.test.ts               may also import test/support/
//
// The local-import rules use eslint-plugin-boundaries (v7 `boundaries/dependencies`, last matching
// policy wins, imports inside one element are always allowed); the I/O-module bans of the pure rooms
// use the core `no-restricted-imports`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOM_DOOR = 'index.ts';

const UNUSED_OPTIONS = {
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
  ignoreRestSiblings: true,
};

/** Node built-ins and packages that do I/O: forbidden in the pure rooms. */
const IO_BUILTINS = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'dns/promises',
  'child_process', 'cluster', 'worker_threads', 'readline', 'inspector', 'sqlite',
];
const IO_PACKAGES = [
  'pg', 'pg-boss', '@electric-sql/pglite', 'drizzle-orm', 'nodemailer', 'fastify', 'better-auth',
  'pino', 'exceljs', 'papaparse', 'smtp-server',
];

const pureRoomRestrictions = {
  paths: [
    ...IO_BUILTINS.flatMap((name) => [name, `node:${name}`]),
    ...IO_PACKAGES,
  ].map((name) => ({ name, message: 'src/stats and src/text are pure: no I/O modules (pass data in).' })),
  patterns: [
    {
      group: [...IO_PACKAGES.map((name) => `${name}/*`), '@fastify/*'],
      message: 'src/stats and src/text are pure: no I/O modules (pass data in).',
    },
  ],
};

/** Node ESM needs the real file name: relative imports in src/ and test/ end in .ts (or .json). */
const explicitExtension = {
  regex: String.raw`^\.{1,2}/(?!.*\.(?:ts|json)$)`,
  message: 'Relative imports use the explicit .ts extension (e.g. ../access/index.ts).',
};

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      'web/dist/**',
      // Built JavaScript of the package exports (npm run build:lib).
      'dist/**',
      'drizzle/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
      'data/**',
      'coverage/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
  },
  js.configs.recommended,
  { files: ['**/*.{ts,tsx,mts,cts}'], extends: [tseslint.configs.recommended] },

  // Everything outside web/ runs on Node.
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    ignores: ['web/src/**'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
  // web/ is a React app in the browser.
  {
    files: ['web/src/**/*.{ts,tsx,js,jsx}'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser },
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  },

  // Pragmatic rule tuning for the whole code base: unused names prefixed with _ are intentional.
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': ['error', UNUSED_OPTIONS],
    },
  },
  {
    files: ['**/*.{js,jsx,mjs,cjs}'],
    rules: { 'no-unused-vars': ['error', UNUSED_OPTIONS] },
  },
  // console is how the CLI, scripts and tests talk; the server logs through pino.
  { rules: { 'no-console': 'off' } },

  // Explicit .ts extensions on relative imports (Node ESM; web/ is bundled by Vite and is exempt).
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    ignores: ['test/e2e/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [explicitExtension] }] },
  },
  // The pure rooms: no I/O modules (this entry repeats the extension rule because a later
  // `no-restricted-imports` replaces the earlier one's options for the same files).
  {
    files: ['src/stats/**/*.ts', 'src/text/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: pureRoomRestrictions.paths, patterns: [...pureRoomRestrictions.patterns, explicitExtension] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/stats and src/text are pure: pass configuration in.' },
        { name: 'fetch', message: 'src/stats and src/text are pure: no network.' },
        { name: 'require', message: 'src/stats and src/text are pure.' },
      ],
    },
  },

  // Architecture boundaries between the rooms.
  {
    files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': {
        node: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] },
      },
      'boundaries/include': ['**/*'],
      // The first matching descriptor classifies a file; order matters. Root-level files
      // (vitest.config.ts, drizzle.config.ts, …) match none and are not checked.
      'boundaries/elements': [
        { type: 'pure', pattern: 'src/stats', partialMatch: false },
        { type: 'pure', pattern: 'src/text', partialMatch: false },
        { type: 'platform', pattern: 'src/platform', partialMatch: false },
        { type: 'cli', pattern: 'src/cli', partialMatch: false },
        { type: 'room', pattern: 'src/*', partialMatch: false, capture: ['room'] },
        // Element patterns match folders: what is left directly in src/ is the composition root (main.ts).
        { type: 'main', pattern: 'src', partialMatch: false },
        { type: 'test-support', pattern: 'test/support', partialMatch: false },
        { type: 'e2e', pattern: 'test/e2e', partialMatch: false },
        { type: 'web', pattern: 'web', partialMatch: false },
        // Root-level folders outside the architecture: bench/, scripts/, bin/, drizzle/…
        { type: 'tooling', pattern: '*', partialMatch: false },
      ],
      'boundaries/files': [
        { category: 'test', pattern: '**/*.test.{ts,tsx}' },
        // A room may split its tables over `<topic>-schema.ts` files re-exported by its schema.ts.
        { category: 'schema', pattern: 'src/*/{schema,*-schema}.ts' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          // A pure room importing an unclassified local file must fail too.
          checkUnknownLocals: true,
          message:
            'A {{from.element.type}} file may not import this {{to.element.type}} file. DESIGN.md "Shape of the code": ' +
            "a room imports platform/, stats/, text/ and only the index.ts of another room; stats/ and text/ import " +
            'nothing of ours; platform/ only platform/; web/ imports src/ only with `import type`.',
          // Last matching policy wins; imports within one element (one room, platform/, …) are not
          // checked. pure (stats/, text/) and platform have no policy: they may import nothing outside.
          policies: [
            {
              from: { element: { type: 'room' } },
              allow: [
                { to: { element: { types: { anyOf: ['platform', 'pure'] } } } },
                { to: { element: { type: 'room', fileInternalPath: ROOM_DOOR } } },
              ],
            },
            {
              from: { element: { types: { anyOf: ['cli', 'main'] } } },
              allow: [
                { to: { element: { types: { anyOf: ['platform', 'pure'] } } } },
                { to: { element: { type: 'room', fileInternalPath: ROOM_DOOR } } },
              ],
            },
            // Table definitions reference other rooms' tables in their (org_id, …) foreign keys, and
            // drizzle-kit loads only schema files: a schema file may import another room's schema.ts.
            {
              from: { element: { type: 'room' }, file: { categories: 'schema' } },
              allow: { to: { element: { type: 'room', fileInternalPath: 'schema.ts' } } },
            },
            { from: { element: { type: 'cli' } }, allow: { to: { element: { type: 'main' } } } },
            // Tests beside the code may use the shared test harness.
            { from: { file: { categories: 'test' } }, allow: { to: { element: { type: 'test-support' } } } },
            // Test support, end-to-end tests and tooling sit outside the architecture.
            {
              from: { element: { types: { anyOf: ['test-support', 'e2e', 'tooling'] } } },
              allow: { to: { element: { types: { noneOf: ['web'] } } } },
            },
            { from: { element: { types: { anyOf: ['e2e', 'tooling'] } } }, allow: { to: { element: { type: 'web' } } } },
            // web/ sees the server only through types.
            {
              from: { element: { type: 'web' } },
              allow: {
                to: { element: { types: { anyOf: ['pure', 'platform', 'cli', 'main', 'room'] } } },
                dependency: { kind: 'type' },
              },
            },
          ],
        },
      ],
    },
  },
);
