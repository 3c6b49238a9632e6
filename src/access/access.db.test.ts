import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { addSignedInMember, cookieOf, createOrgWithMember, PASSWORD, signIn, type TestMember } from '../../test/support/actors.ts';

let km: TestKeymoment;
let admin: TestMember;

beforeAll(async () => {
  km = await startTestKeymoment();
  admin = await createOrgWithMember(km, 'admin', 'Budapest Bank');
});
afterAll(async () => km?.dispose());

describe('sign-in and sessions', () => {
  it('answers a wrong password and an unknown e-mail with the same generic 401', async () => {
    const wrong = await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: admin.email, password: 'not the password' } });
    const unknown = await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'nobody@example.com', password: 'whatever1' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('sets an httpOnly session cookie and /me lists the memberships', async () => {
    const response = await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: admin.email.toUpperCase(), password: PASSWORD } });
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((c) => c.name.includes('session_token'));
    expect(session?.httpOnly).toBe(true);
    const me = await km.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(response) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().memberships).toEqual([expect.objectContaining({ orgId: admin.orgId, role: 'admin' })]);
  });

  it('rejects requests without a session, and after sign-out, with 401', async () => {
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/org' })).statusCode).toBe(401);
    const cookie = await signIn(km, admin.email);
    const out = await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthorized');
  });

  it('refuses a cookie-authenticated write sent from another site (CSRF)', async () => {
    const payload = { name: 'CSRF shop', level: 'outlet' };
    const forged = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: { ...admin.headers, host: 'keymoment.test', origin: 'https://evil.example' }, payload });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('cross_site_request');
    const same = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: { ...admin.headers, host: 'keymoment.test', origin: 'http://keymoment.test' }, payload });
    expect(same.statusCode).toBe(201);
    const names = (await km.app.inject({ method: 'GET', url: '/api/v1/locations?limit=500', headers: admin.headers })).json().items.map((l: { name: string }) => l.name);
    expect(names.filter((n: string) => n === 'CSRF shop')).toHaveLength(1);
  });

  it('treats an expired session as signed out (401)', async () => {
    const member = await addSignedInMember(km, admin.orgId, 'viewer');
    await km.database.query(
      `update auth_session set expires_at = now() - interval '1 minute' where user_id = $1`,
      [member.userId],
    );
    const response = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: member.headers });
    expect(response.statusCode).toBe(401);
  });

  it('saves the interface language of a person', async () => {
    const response = await km.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: admin.headers, payload: { locale: 'zh-CN' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.locale).toBe('zh-CN');
    const bad = await km.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: admin.headers, payload: { locale: 'de' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('locale');
  });
});

describe('validation errors name the field', () => {
  it('rejects an unknown field instead of dropping it', async () => {
    const response = await km.app.inject({
      method: 'POST', url: '/api/v1/locations', headers: admin.headers,
      payload: { name: 'Shop', level: 'outlet', colour: 'red' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_field', field: 'colour' });
    expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
  });

  it('names a missing and a malformed field', async () => {
    const missing = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: admin.headers, payload: { level: 'outlet' } });
    expect(missing.json().error.field).toBe('name');
    const level = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: admin.headers, payload: { name: 'X', level: 'planet' } });
    expect(level.json().error.field).toBe('level');
    const zone = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: admin.headers, payload: { name: 'X', level: 'outlet', timezone: 'Mars/Olympus' } });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.field).toBe('timezone');
  });

  it('answers malformed JSON with 400 and the error shape', async () => {
    const response = await km.app.inject({
      method: 'POST', url: '/api/v1/locations', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"name":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBeTruthy();
  });
});

describe('locations', () => {
  it('builds a region → city → outlet tree, inherits the time zone and moves outlets', async () => {
    await km.app.inject({ method: 'PATCH', url: '/api/v1/org', headers: admin.headers, payload: { timezone: 'Europe/Budapest' } });
    const post = (payload: object) => km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: admin.headers, payload });
    const region = (await post({ name: 'Central Hungary', level: 'region' })).json();
    const city = (await post({ name: 'Budapest', level: 'city', parentId: region.locationId })).json();
    const outletResponse = await post({ name: 'Váci utca branch', level: 'outlet', kind: 'branch', code: 'BP-001', parentId: city.locationId });
    expect(outletResponse.statusCode).toBe(201);
    const outlet = outletResponse.json();
    expect(outlet.timezone).toBe('Europe/Budapest');

    const cityInOutlet = await post({ name: 'Bad', level: 'city', parentId: outlet.locationId });
    expect(cityInOutlet.statusCode).toBe(400);
    expect(cityInOutlet.json().error.field).toBe('parentId');

    const duplicateCode = await post({ name: 'Other', level: 'outlet', code: 'BP-001' });
    expect(duplicateCode.statusCode).toBe(409);
    expect(duplicateCode.json().error.field).toBe('code');

    const moved = await km.app.inject({ method: 'PATCH', url: `/api/v1/locations/${outlet.locationId}`, headers: admin.headers, payload: { parentId: region.locationId } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().parentId).toBe(region.locationId);

    const cycle = await km.app.inject({ method: 'PATCH', url: `/api/v1/locations/${region.locationId}`, headers: admin.headers, payload: { parentId: region.locationId } });
    expect(cycle.statusCode).toBe(400);

    const archiveParent = await km.app.inject({ method: 'DELETE', url: `/api/v1/locations/${region.locationId}`, headers: admin.headers });
    expect(archiveParent.statusCode).toBe(409);
    const archiveCity = await km.app.inject({ method: 'DELETE', url: `/api/v1/locations/${city.locationId}`, headers: admin.headers });
    expect(archiveCity.statusCode).toBe(204);
    const listed = await km.app.inject({ method: 'GET', url: '/api/v1/locations', headers: admin.headers });
    expect(listed.json().items.map((l: { name: string }) => l.name)).not.toContain('Budapest');
    const withArchived = await km.app.inject({ method: 'GET', url: '/api/v1/locations?includeArchived=true', headers: admin.headers });
    expect(withArchived.json().items.map((l: { name: string }) => l.name)).toContain('Budapest');
  });

  it('stores a cleared or blank code as none, so blank codes never clash', async () => {
    const post = (payload: object) => km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: admin.headers, payload });
    const first = (await post({ name: 'One', level: 'outlet', code: 'C-1' })).json();
    const second = (await post({ name: 'Two', level: 'outlet', code: '  ' })).json();
    expect(second.code).toBeNull();
    const cleared = await km.app.inject({ method: 'PATCH', url: `/api/v1/locations/${first.locationId}`, headers: admin.headers, payload: { code: null, kind: '' } });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ code: null, kind: null });
  });

  it('does not coerce JSON bodies: a number where text belongs is refused', async () => {
    const response = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: admin.headers, payload: { name: 42, level: 'outlet' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('name');
  });

  it('pages through a long list without repeats', async () => {
    const org = await createOrgWithMember(km, 'admin');
    for (let i = 0; i < 7; i++) {
      await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: org.headers, payload: { name: `Shop ${i}`, level: 'outlet' } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/locations?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await km.app.inject({ method: 'GET', url, headers: org.headers })).json();
      seen.push(...page.items.map((l: { name: string }) => l.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Shop 0', 'Shop 1', 'Shop 2', 'Shop 3', 'Shop 4', 'Shop 5', 'Shop 6']);
    const bad = await km.app.inject({ method: 'GET', url: '/api/v1/locations?cursor=zzz', headers: org.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
  });

  it('limits a member scoped to a subtree to that subtree', async () => {
    const org = await createOrgWithMember(km, 'admin');
    const post = (payload: object) => km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: org.headers, payload });
    const north = (await post({ name: 'North', level: 'region' })).json();
    const south = (await post({ name: 'South', level: 'region' })).json();
    const shop = (await post({ name: 'North shop', level: 'outlet', parentId: north.locationId })).json();
    const manager = await addSignedInMember(km, org.orgId, 'outlet_manager', north.locationId);
    const list = await km.app.inject({ method: 'GET', url: '/api/v1/locations', headers: manager.headers });
    expect(list.json().items.map((l: { locationId: string }) => l.locationId).sort()).toEqual([north.locationId, shop.locationId].sort());
    const other = await km.app.inject({ method: 'GET', url: `/api/v1/locations/${south.locationId}`, headers: manager.headers });
    expect(other.statusCode).toBe(404);
  });

  it('lets viewers read but not write', async () => {
    const viewer = await addSignedInMember(km, admin.orgId, 'viewer');
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/locations', headers: viewer.headers })).statusCode).toBe(200);
    const write = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: viewer.headers, payload: { name: 'X', level: 'outlet' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('forbidden');
  });
});

describe('members and invitations', () => {
  it('invites by e-mail; the invitee sets a password and lands in the organisation with the role', async () => {
    const response = await km.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: admin.headers, payload: { email: 'New.Agent@Example.com', role: 'agent' } });
    expect(response.statusCode).toBe(201);
    const { inviteUrl } = response.json();
    const mail = km.mail.lastTo('new.agent@example.com');
    expect(mail?.text).toContain(inviteUrl);
    const token = new URL(inviteUrl).searchParams.get('token')!;

    const info = await km.app.inject({ method: 'GET', url: `/api/v1/invitations/by-token/${token}` });
    expect(info.json()).toMatchObject({ email: 'new.agent@example.com', role: 'agent', userExists: false });

    const noName = await km.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: 'a good password' } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.field).toBe('name');

    const accepted = await km.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, name: 'Anna', password: 'a good password' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().orgId).toBe(admin.orgId);
    const me = await km.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(accepted) } });
    expect(me.json().memberships).toEqual([expect.objectContaining({ orgId: admin.orgId, role: 'agent' })]);

    const again = await km.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, name: 'Anna', password: 'a good password' } });
    expect(again.statusCode).toBe(404);
  });

  it('changes roles, deactivates members, and never leaves an organisation without an admin', async () => {
    const org = await createOrgWithMember(km, 'admin');
    const agent = await addSignedInMember(km, org.orgId, 'agent');
    const promote = await km.app.inject({ method: 'PATCH', url: `/api/v1/members/${agent.userId}`, headers: org.headers, payload: { role: 'cx_manager' } });
    expect(promote.json().role).toBe('cx_manager');
    const deactivate = await km.app.inject({ method: 'PATCH', url: `/api/v1/members/${agent.userId}`, headers: org.headers, payload: { active: false } });
    expect(deactivate.json().active).toBe(false);
    const locked = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: agent.headers });
    expect(locked.statusCode).toBe(404);
    const lastAdmin = await km.app.inject({ method: 'PATCH', url: `/api/v1/members/${org.userId}`, headers: org.headers, payload: { role: 'viewer' } });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.json().error.field).toBe('role');
  });
});

describe('API keys', () => {
  it('shows a key once, stores only its hash, records use, and stops working when revoked', async () => {
    const created = await km.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin.headers, payload: { name: 'POS system', scopes: ['read'] } });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^km_[A-Za-z0-9_-]{27}$/);
    const stored = await km.database.query<{ key_hash: string }>('select key_hash from api_keys where api_key_id = $1', [apiKey.apiKeyId]);
    expect(stored.rows[0]!.key_hash).not.toContain(key.slice(3));
    expect(stored.rows[0]!.key_hash).toHaveLength(64);

    const bearer = { authorization: `Bearer ${key}` };
    const org = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: bearer });
    expect(org.statusCode).toBe(200);
    expect(org.json().orgId).toBe(admin.orgId);
    const write = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: bearer, payload: { name: 'X', level: 'outlet' } });
    expect(write.statusCode).toBe(403);

    const listed = await km.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin.headers });
    const row = listed.json().items.find((k: { apiKeyId: string }) => k.apiKeyId === apiKey.apiKeyId);
    expect(row.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.json())).not.toContain(key);

    expect((await km.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${apiKey.apiKeyId}`, headers: admin.headers })).statusCode).toBe(204);
    const revoked = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('invalid_api_key');
  });

  it('rejects a key with no scope or an unknown scope, naming the field', async () => {
    const none = await km.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin.headers, payload: { name: 'x', scopes: [] } });
    expect(none.json().error.field).toBe('scopes');
    const unknown = await km.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin.headers, payload: { name: 'x', scopes: ['root'] } });
    expect(unknown.json().error.field).toBe('scopes.0');
  });

  it('an admin-scoped key can manage settings in its own organisation', async () => {
    const created = (await km.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin.headers, payload: { name: 'provisioning', scopes: ['admin'] } })).json();
    const response = await km.app.inject({ method: 'POST', url: '/api/v1/locations', headers: { authorization: `Bearer ${created.key}` }, payload: { name: 'Kiosk', level: 'outlet' } });
    expect(response.statusCode).toBe(201);
  });

  it('answers a malformed Authorization header with 401', async () => {
    const response = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: { authorization: 'Basic abc' } });
    expect(response.statusCode).toBe(401);
  });
});

describe('password reset by e-mail link', () => {
  it('e-mails a link whose token sets a new password once, and says nothing about unknown addresses', async () => {
    const member = await addSignedInMember(km, admin.orgId, 'agent');
    const request = await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset-requests', payload: { email: member.email } });
    expect(request.statusCode).toBe(202);
    const unknown = await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset-requests', payload: { email: 'ghost@example.com' } });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(request.body);
    expect(km.mail.lastTo('ghost@example.com')).toBeUndefined();

    const link = /https?:\/\/\S+/.exec(km.mail.lastTo(member.email)!.text)![0];
    expect(link.startsWith('http://keymoment.test/reset-password?token=')).toBe(true);
    const token = new URL(link).searchParams.get('token')!;

    const short = await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { token, newPassword: 'short' } });
    expect(short.json().error.field).toBe('newPassword');
    const reset = await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { token, newPassword: 'a brand new password' } });
    expect(reset.statusCode).toBe(204);
    const reuse = await km.app.inject({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { token, newPassword: 'another new password' } });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error.field).toBe('token');

    // The old session was revoked; the new password works and the old does not.
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/me', headers: member.headers })).statusCode).toBe(401);
    await expect(signIn(km, member.email)).rejects.toThrow(/401/);
    await expect(signIn(km, member.email, 'a brand new password')).resolves.toContain('session');
  });
});

describe('rate limits', () => {
  it('refuses the 11th sign-in attempt on one account within a minute with 429', async () => {
    const member = await addSignedInMember(km, admin.orgId, 'viewer');
    const attempt = () => km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: member.email, password: 'wrong password' } });
    // addSignedInMember already used one attempt.
    for (let i = 0; i < 9; i++) expect((await attempt()).statusCode).toBe(401);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not locked out.
    await expect(signIn(km, admin.email)).resolves.toContain('session');
  });
});
