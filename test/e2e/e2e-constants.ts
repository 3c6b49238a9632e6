/** Values the Playwright config, the server launcher and the specs must agree on. */
export const PORT = Number(process.env.KEYMOMENT_E2E_PORT ?? 4123);
export const BASE_URL = `http://localhost:${PORT}`;
export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'correct horse battery';
export const ORG_NAME = 'Acme';
