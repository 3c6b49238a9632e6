import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, ORG_NAME, PORT } from './e2e-constants';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export default defineConfig({
  testDir: '.',
  outputDir: `${repoRoot}test-results/artifacts`,
  // One server with one database serves every test: running them one after another keeps them independent.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: {
    baseURL: BASE_URL,
    locale: 'en-US',
    timezoneId: 'Europe/Budapest',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is impossible on this machine.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // Playwright starts the web server before globalSetup runs, so the launcher itself builds the
    // web app if needed and prepares the temporary data directory before it starts the server.
    command: 'node test/e2e/start-server.mjs',
    cwd: repoRoot,
    url: `${BASE_URL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM lets the launcher stop the server cleanly and delete the temporary data directory.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      KEYMOMENT_E2E_PORT: String(PORT),
      KEYMOMENT_E2E_ORG: ORG_NAME,
      KEYMOMENT_E2E_EMAIL: ADMIN_EMAIL,
      KEYMOMENT_E2E_PASSWORD: ADMIN_PASSWORD,
    },
  },
});
