import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * Runs once the server is up (see start-server.mjs for the seeding). It fails fast with one clear
 * message when the seeded administrator cannot sign in, instead of every test timing out on its own.
 */
export default async function globalSetup(): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });

  const response = await fetch(`${BASE_URL}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) {
    throw new Error(`The seeded administrator cannot sign in: HTTP ${response.status} ${await response.text()}`);
  }
}
