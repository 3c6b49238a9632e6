import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/*
 * Secrets never reach the log. The server is built exactly as `keymoment start` builds it — no logger
 * passed in, so `createLogger` in src/main.ts (and its redaction paths) makes it — at level `trace`,
 * with an SMTP URL and an SMS gateway header that carry passwords. Only pino's *destination* is
 * swapped (below) so every line written is kept in memory. Then a person signs in, changes nothing
 * but uses every kind of credential: cookies, `Authorization: Bearer` API keys, passwords in bodies,
 * a password-reset token, a failing e-mail and SMS send. None of the secret strings may
 * appear anywhere in the log.
 */

const captured = vi.hoisted(() => ({ lines: [] as string[] }));

vi.mock('pino', async (importOriginal) => {
  const actual = await importOriginal<typeof import('pino')>();
  const realPino = actual.default;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured.lines.push(chunk.toString('utf8'));
      done();
    },
  });
  // Same function, same options; the destination is the in-memory sink instead of fd 1.
  const wrapped = ((options: unknown, destination?: unknown) => realPino(options as never, (destination ?? sink) as never)) as unknown as typeof realPino;
  Object.assign(wrapped, realPino);
  return { ...actual, default: wrapped, pino: wrapped };
});

const { createKeymoment } = await import('../../src/main.ts');
const { addMembership, createOrganization, createUserWithPassword } = await import('../../src/access/index.ts');
const { createTestDatabaseUrl, testConfig } = await import('../support/test-keymoment.ts');
const { publishSurvey, setUpFeedbackOrg } = await import('../support/feedback-fixtures.ts');
const { caller, expectStatus, setUpAuditOrg } = await import('../support/audit-fixtures.ts');

type Km = Awaited<ReturnType<typeof createKeymoment>>;
let km: Km;
let drop: () => Promise<void>;

const PASSWORD = 'Pa55word-never-in-the-log-7f3a';
const NEW_PASSWORD = 'N3w-password-never-logged-91c2';
const WRONG_PASSWORD = 'wr0ng-password-also-secret-55de';
const SMTP_PASSWORD = 'smtp-secret-4e1b9d';
const SMS_AUTH = 'Bearer sms-gateway-secret-8a2c';
const secrets: string[] = [PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, SMTP_PASSWORD, 'sms-gateway-secret-8a2c'];

function log(): string {
  return captured.lines.join('');
}

beforeAll(async () => {
  const database = await createTestDatabaseUrl();
  drop = database.drop;
  km = await createKeymoment(
    testConfig(database.url, {
      logLevel: 'trace',
      // Port 9 (discard) on loopback refuses connections: sending fails, and the failure is logged.
      smtpUrl: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:9`,
      sms: { url: 'http://127.0.0.1:9/sms', authHeader: { name: 'Authorization', value: SMS_AUTH }, timeoutMs: 2000 } as never,
    }),
    { serveWeb: false },
  );
}, 60_000);

afterAll(async () => {
  await km?.close();
  await drop?.();
});

describe('the log', () => {
  it('holds no password, API key, session cookie, reset token or SMTP/SMS secret', async () => {
    const org = await createOrganization(km.database.db, { name: 'Secret Org' });
    const email = 'secret-keeper@example.com';
    const user = await createUserWithPassword(km.auth, { email, name: 'Keeper', password: PASSWORD });
    await addMembership(km.database.db, org.orgId, { userId: user.id, role: 'admin', locationId: null });

    // A failed sign-in (wrong password in the body), then a real one.
    const wrong = await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: WRONG_PASSWORD } });
    expect(wrong.statusCode).toBe(401);
    const signIn = await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const session = signIn.cookies.find((c) => c.name.includes('session'))!;
    expect(session.value.length).toBeGreaterThan(10);
    secrets.push(session.value, decodeURIComponent(session.value).split('.')[0]!);
    const cookie = `${session.name}=${session.value}`;
    const headers = { cookie, 'x-org-id': org.orgId };

    // An API key: created with the session, then used as a bearer token (also on a route that fails).
    const created = await km.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: { name: 'POS', scopes: ['admin'] } });
    expect(created.statusCode).toBe(201);
    const apiKey = created.json().key as string;
    secrets.push(apiKey);
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${apiKey}` } })).statusCode).toBe(200);
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/locations/not-a-uuid', headers: { authorization: `Bearer ${apiKey}` } })).statusCode).toBeGreaterThanOrEqual(400);
    expect((await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, payload: '{"broken' })).statusCode).toBe(400);
    // A made-up key and a made-up cookie are secrets too (someone's typo of a real one).
    const fakeKey = 'km_this-looks-like-a-key-0123456789abcdef';
    secrets.push(fakeKey);
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${fakeKey}`, cookie: 'keymoment.session_token=forged-cookie-value-31337' } })).statusCode).toBeOneOf([401, 403]);
    secrets.push('forged-cookie-value-31337');

    // An invitation (e-mail send fails against the dead SMTP server and is logged), and its token.
    const invited = await km.app.inject({ method: 'POST', url: '/api/v1/invitations', headers, payload: { email: 'newbie@example.com', role: 'agent' } });
    expect(invited.statusCode).toBeLessThan(300);

    // A password-reset request: the e-mail (with the token) fails to send; the token is in the database.
    expect((await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset-requests', payload: { email } })).statusCode).toBe(202);
    const { rows } = await km.database.query<{ identifier: string; value: string }>(`select identifier, value from auth_verification`);
    const resetToken = rows.map((r) => /reset-password:(.+)$/.exec(r.identifier)?.[1] ?? (r.value.length > 16 && !r.value.includes('-') ? r.value : undefined)).find(Boolean);
    expect(resetToken, `no reset token among ${JSON.stringify(rows)}`).toBeTruthy();
    secrets.push(resetToken!);
    const reset = await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { token: resetToken, newPassword: NEW_PASSWORD } });
    expect(reset.statusCode).toBe(204);
    expect((await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { token: resetToken, newPassword: NEW_PASSWORD } })).statusCode).toBe(400);

    // Changing one's own password with the old one in the body, if the route exists.
    await km.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { currentPassword: NEW_PASSWORD, newPassword: PASSWORD } });
    await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers });

    // Let the failing SMTP/SMS sends finish and log.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const text = log();
    // The test must have seen the traffic it claims to check: request lines and the failures.
    expect(text).toContain('/api/v1/auth/sign-in');
    expect(text).toContain('/api/v1/api-keys');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      const index = text.indexOf(secret);
      expect(index, `secret "${secret.slice(0, 6)}…" leaked into the log: …${text.slice(Math.max(0, index - 200), index + 100)}…`).toBe(-1);
    }
    // Redacted headers are marked, not dropped silently.
    expect(text).not.toMatch(/"authorization":"Bearer /i);
  }, 60_000);

  it('holds no respondent token: public survey link, shopper link, kiosk device, ?token= pages', async () => {
    const audit = await setUpAuditOrg(km, 'Token Telecom');
    const org = await setUpFeedbackOrg(km, audit.admin, 'K');
    await publishSurvey(org, 'counter');
    const link = expectStatus(await org.call('POST', '/api/v1/surveys/counter/links', { label: 'Poster' }), 201).json().token as string;
    const device = expectStatus(await org.call('POST', '/api/v1/kiosk-devices', { name: 'Hall kiosk', surveyKey: 'counter', locationId: org.locations.outletA }), 201).json()
      .token as string;
    const runId = expectStatus(
      await caller(km)(audit.admin, 'POST', '/api/v1/audits/runs', { checklistKey: audit.checklistKey, locationId: audit.outletId, kind: 'mystery_shopping' }),
      201,
    ).json().runId as string;
    const shopper = expectStatus(await caller(km)(audit.admin, 'POST', `/api/v1/audits/runs/${runId}/shopper-link`, {}), 201).json().token as string;
    const tokens = [link, device, shopper];
    for (const token of tokens) expect(token.length).toBeGreaterThan(8);

    const before = captured.lines.length;
    // The public survey link: the page, then a submission through the JSON API (which opens a personal
    // respondent session whose token is in the answer), then that session's page.
    expect((await km.app.inject({ method: 'GET', url: `/s/${link}` })).statusCode).toBe(200);
    const opened = await km.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${link}` });
    expect(opened.statusCode).toBe(200);
    const respondent = (opened.json().token as string | undefined) ?? link;
    if (respondent !== link) tokens.push(respondent);
    const submitted = await km.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${respondent}/submit`, payload: { answers: { recommend: 9 } } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    // The mystery shopper's link: the page and its JSON API.
    expect((await km.app.inject({ method: 'GET', url: `/a/${shopper}` })).statusCode).toBe(200);
    expect((await km.app.inject({ method: 'GET', url: `/api/v1/public/audits/${shopper}` })).statusCode).toBe(200);
    // The kiosk: its page and an upload.
    expect((await km.app.inject({ method: 'GET', url: `/k/${device}` })).statusCode).toBe(200);
    const kiosk = await km.app.inject({
      method: 'POST',
      url: `/api/v1/public/kiosk/${device}/responses`,
      payload: { responses: [{ clientId: 'client-0001', answeredAt: '2026-11-24T08:00:00Z', answers: { recommend: 10 } }] },
    });
    expect(kiosk.statusCode, kiosk.body).toBeLessThan(300);
    // A mistyped link (no route matches) and the web app's ?token= pages.
    await km.app.inject({ method: 'GET', url: `/s/${link}/nothing-here` });
    await km.app.inject({ method: 'GET', url: `/invite?token=${link}&lang=en` });

    const text = captured.lines.slice(before).join('');
    // The requests were logged, with the route's shape kept.
    expect(text).toContain('"url":"/s/[redacted]"');
    expect(text).toContain('"url":"/a/[redacted]"');
    expect(text).toContain('"url":"/api/v1/public/kiosk/[redacted]/responses"');
    expect(text).toContain(`"url":"/api/v1/public/surveys/[redacted]/submit"`);
    expect(text).toContain('/invite?token=[redacted]&lang=en');
    for (const token of tokens) {
      const index = text.indexOf(token);
      expect(index, `token "${token.slice(0, 6)}…" leaked into the log: …${text.slice(Math.max(0, index - 200), index + 100)}…`).toBe(-1);
    }
  }, 60_000);
});
