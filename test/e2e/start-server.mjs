// Launched by Playwright's webServer: builds the web app when its sources are newer than the
// build, seeds a fresh temporary data directory through the keymoment CLI, then runs the server
// on it. Playwright starts webServer before globalSetup, so this cannot live in globalSetup.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'bin/keymoment.mjs');
const { KEYMOMENT_E2E_PORT: port, KEYMOMENT_E2E_ORG: orgName, KEYMOMENT_E2E_EMAIL: email, KEYMOMENT_E2E_PASSWORD: password } =
  process.env;

function node(args) {
  return execFileSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

// The same freshness check `npm start` runs: `npm run build` only when web/ changed since the last build.
process.stdout.write(node([join(repoRoot, 'scripts/ensure-web-build.mjs')]));

const dataDir = mkdtempSync(join(tmpdir(), 'keymoment-e2e-'));
try {
  const { orgId } = JSON.parse(node([cli, 'org', 'create', '--name', orgName, '--json', '--data-dir', dataDir]));
  node([
    cli, 'user', 'create', '--org', orgId, '--email', email, '--name', 'Admin',
    '--password', password, '--role', 'admin', '--data-dir', dataDir,
  ]);
  console.log(`[e2e] seeded ${dataDir} with organisation ${orgId}`);
} catch (error) {
  rmSync(dataDir, { recursive: true, force: true });
  throw error;
}

const server = spawn(process.execPath, [cli, 'start', '--port', port, '--data-dir', dataDir], {
  cwd: repoRoot,
  stdio: 'inherit',
  // Request logs would drown Playwright's own output; warnings and errors still show. Background jobs
  // are off (no e-mails, SLA timers or alerts running into a test) unless a spec asks for them with a
  // `// e2e-server: jobs` line, which scripts/test.mjs turns into KEYMOMENT_E2E_JOBS=on.
  env: { ...process.env, KEYMOMENT_JOBS: process.env.KEYMOMENT_E2E_JOBS === 'on' ? 'on' : 'off', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.kill(signal));

server.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 0 : 1));
});
