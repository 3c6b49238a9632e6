#!/usr/bin/env node
// `npm test`: every test step, one after another, each printing its own summary, then one line
// `steps: X passed, Y failed`. Exits non-zero when any step fails.
//
//   1. vitest run   all projects: unit, pglite, and postgres when TEST_DATABASE_URL is set
//   2. Playwright   the browser tests on Debian's /usr/bin/chromium, one server per spec file
//
// Extra arguments go to vitest (e.g. `npm test -- --project unit`). With CI set, a missing
// TEST_DATABASE_URL or a missing /usr/bin/chromium fails the run instead of skipping a part of it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

/** @type {{ name: string, status: 'passed' | 'failed' | 'skipped', seconds?: number, note?: string, failures?: string[] }[]} */
const results = [];
let interrupted = false;
/** @type {import('node:child_process').ChildProcess | undefined} */
let current;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal);
  });
}

function banner(text) {
  console.log(`\n=== ${text} ===`);
}

/**
 * Runs one step, passing its output through and keeping a copy: CI logs are often read from the
 * end, so the failures of a long step are printed again in the summary (see failureLines).
 */
function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const output = [];
    // Piped output is not a terminal; keep colours when this script itself writes to one.
    const childEnv = process.stdout.isTTY && !env.NO_COLOR ? { ...env, FORCE_COLOR: '1' } : env;
    current = spawn(command, args, { cwd: repoRoot, stdio: ['inherit', 'pipe', 'pipe'], env: childEnv });
    current.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output.push(chunk);
    });
    current.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      output.push(chunk);
    });
    current.on('error', (error) => {
      console.error(`test: cannot run ${command}: ${error.message}`);
      resolve({ code: 1, output: '' });
    });
    current.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output).toString('utf8') }));
  });
}

// ESC [ … letter: colour codes. Built from a string because a regex literal may not hold a control character.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const FAILURE = /(\bFAIL\b|✘|×|✗|Unhandled|AssertionError|\bError:|[Tt]imed out|\bfailed\b)/;

/** The lines of a step's output that name what failed, each with the two lines after it; at most 80. */
function failureLines(output) {
  const lines = output.replace(ANSI, '').split(/\r?\n/);
  const picked = new Set();
  lines.forEach((line, index) => {
    if (FAILURE.test(line)) for (let i = index; i < Math.min(index + 3, lines.length); i += 1) picked.add(i);
  });
  return [...picked].sort((a, b) => a - b).slice(0, 80).map((index) => lines[index]);
}

async function step(name, command, args, note, env = process.env) {
  if (interrupted) return;
  banner(name);
  const started = performance.now();
  const { code, output } = await run(command, args, env);
  const seconds = (performance.now() - started) / 1000;
  results.push({
    name,
    status: code === 0 ? 'passed' : 'failed',
    seconds,
    note: code === 0 ? note : `exit code ${code}`,
    failures: code === 0 ? [] : failureLines(output),
  });
}

function skip(name, reason, fail) {
  console.log(`\n${fail ? 'FAIL' : 'SKIP'}: ${name}: ${reason}`);
  results.push({ name, status: fail ? 'failed' : 'skipped', note: reason });
}

// 1. vitest
const vitestArgs = process.argv.slice(2);
let postgresNote;
if (process.env.TEST_DATABASE_URL) {
  postgresNote = 'unit + pglite + postgres';
} else {
  console.log(
    'test: the PostgreSQL run of the database tests is SKIPPED: TEST_DATABASE_URL is not set. Enable it with ' +
      'export TEST_DATABASE_URL="$(test/support/postgres-cluster.sh start)" (any PostgreSQL 15+ admin URL works; CI always sets it).',
  );
  postgresNote = 'unit + pglite (PostgreSQL run skipped)';
}
await step('vitest', process.execPath, [`${repoRoot}node_modules/vitest/vitest.mjs`, 'run', ...vitestArgs], postgresNote);
if (!process.env.TEST_DATABASE_URL && inCI) {
  skip('vitest on PostgreSQL', 'TEST_DATABASE_URL is not set, but CI must run the database tests on PostgreSQL', true);
}

// 2. Playwright
if (!interrupted) {
  if (existsSync(CHROMIUM)) {
    // One server with a fresh database per spec file: each file seeds what it needs (templates,
    // locations, surveys) and would otherwise meet another file's data under the same names.
    // Screenshots of the last run only: cleared once here (each spec's global set-up keeps the folder).
    rmSync(`${repoRoot}test-results/screenshots`, { recursive: true, force: true });
    const specs = readdirSync(`${repoRoot}test/e2e`).filter((file) => file.endsWith('.spec.ts')).sort();
    for (const spec of specs) {
      // A spec that needs the background jobs (e.g. comment analysis) says so in a line of its own.
      const wantsJobs = /^\/\/ e2e-server: jobs$/m.test(readFileSync(`${repoRoot}test/e2e/${spec}`, 'utf8'));
      const env = wantsJobs ? { ...process.env, KEYMOMENT_E2E_JOBS: 'on' } : process.env;
      await step(`playwright ${spec}`, 'npx', ['--no-install', 'playwright', 'test', '-c', 'test/e2e/playwright.config.ts', `test/e2e/${spec}`], undefined, env);
    }
  } else {
    skip(
      'playwright',
      `${CHROMIUM} is missing: the browser tests need Debian's chromium package (apt-get install chromium)` +
        (inCI ? ' and CI must run them' : ''),
      inCI,
    );
  }
}

// Summary
banner('summary');
for (const { name, status, seconds, note, failures = [] } of results) {
  const time = seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`;
  console.log(`  ${status.toUpperCase().padEnd(7)} ${name}${time}${note ? ` (${note})` : ''}`);
  for (const line of failures) console.log(`          | ${line}`);
}
if (interrupted) console.log('  interrupted');
const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.filter((r) => r.status === 'failed').length;
console.log(`steps: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || interrupted ? 1 : 0;
