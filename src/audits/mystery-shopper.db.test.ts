import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectStatus, multipartFile, passingHallAnswers, setUpAuditOrg, TINY_PNG, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * Issue 7's check: a mystery shopper completes an audit on a phone-sized browser without an account;
 * a failed critical item fails the audit and opens an action; the next audit of that item verifies it.
 * Here through the same HTTP endpoints the page uses, plus the abuse the public upload must survive.
 */

let km: TestKeymoment;
let org: AuditOrg;
let uploads: string;
let call: ReturnType<typeof caller>;
let now = new Date('2026-11-10T02:00:00Z');

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), 'km-uploads-'));
  process.env.KEYMOMENT_UPLOADS_DIR = uploads;
  km = await startTestKeymoment({}, { now: () => now });
  call = caller(km);
  org = await setUpAuditOrg(km, 'Kazan Telecom');
});
afterAll(async () => {
  await km?.dispose();
  delete process.env.KEYMOMENT_UPLOADS_DIR;
  await rm(uploads, { recursive: true, force: true });
});

async function mysteryRun(): Promise<{ runId: string; token: string; url: string }> {
  const run = expectStatus(
    await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'mystery_shopping', dueAt: '2026-11-30T00:00:00Z' }),
    201,
  ).json();
  const link = expectStatus(await call(org.admin, 'POST', `/api/v1/audits/runs/${run.runId}/shopper-link`, { locale: 'ru' }), 201).json();
  return { runId: run.runId, token: link.token, url: link.url };
}

const publicCall = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  km.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('a mystery shopper, without an account', () => {
  let first: { runId: string; token: string; url: string };
  let actionId: string;

  it('opens the link: the page in the link’s language, the audit without any credentials', async () => {
    first = await mysteryRun();
    expect(first.url).toBe(`http://keymoment.test/a/${first.token}`);
    const page = await publicCall('GET', `/a/${first.token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<html lang="ru">');
    expect(page.body).toContain('Отправить проверку');
    expect(page.body).toContain('Kazan Telecom service hall');
    // The language can be switched explicitly.
    const chinese = await publicCall('GET', `/a/${first.token}?lang=zh-CN`);
    expect(chinese.body).toContain('提交检查');
    expect(chinese.body).toContain('客户进门10秒内有员工主动问候');

    const view = expectStatus(await publicCall('GET', `/api/v1/public/audits/${first.token}`), 200).json();
    expect(view).toMatchObject({ status: 'open', locale: 'ru', location: 'Kazan Telecom service hall' });
    expect(view.sections.map((s: { momentKey: string }) => s.momentKey)).toEqual(['greeting', 'queue-triage', 'counter-transaction', 'leave']);
    // Section titles come from the journey's moments, in the shopper's language.
    expect(view.sections[2].title).toMatch(/[А-Яа-я]/);
    const script = await publicCall('GET', '/a/assets/audit.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
  });

  it('saves a draft as it goes, refusing values that do not fit and naming the field in the shopper’s language', async () => {
    const saved = await publicCall('PUT', `/api/v1/public/audits/${first.token}/answers`, { answers: { 'greeted-at-door': { value: 'yes' }, 'fees-confirmed': { value: 'no' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().answers).toEqual({ 'greeted-at-door': { value: 'yes' }, 'fees-confirmed': { value: 'no' } });
    const wrong = await publicCall('PUT', `/api/v1/public/audits/${first.token}/answers`, { answers: { 'neat-appearance': { value: 9 } } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('answers.neat-appearance.value');
    expect(wrong.json().error.message).toMatch(/Оценка/);
    const run = expectStatus(await call(org.admin, 'GET', `/api/v1/audits/runs/${first.runId}`), 200).json();
    expect(run.status).toBe('in_progress');
    expect(run.answers['fees-confirmed']).toEqual({ value: 'no' });
  });

  it('uploads a photo, stored on disk under the uploads folder; abuse is refused', async () => {
    const upload = multipartFile(TINY_PNG, 'queue.png');
    const uploaded = await publicCall('POST', `/api/v1/public/audits/${first.token}/evidence?itemKey=waiting-area`, upload.payload, upload.headers);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const evidence = uploaded.json();
    expect(evidence).toMatchObject({ itemKey: 'waiting-area', contentType: 'image/png', byteSize: TINY_PNG.length });
    expect(await readdir(path.join(uploads, 'audits', org.admin.orgId, first.runId))).toEqual([`${evidence.evidenceId}.png`]);
    const photo = await publicCall('GET', `/api/v1/public/audits/${first.token}/evidence/${evidence.evidenceId}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(TINY_PNG)).toBe(true);

    const tooBig = multipartFile(Buffer.concat([TINY_PNG, Buffer.alloc(10 * 1024 * 1024)]));
    const big = await publicCall('POST', `/api/v1/public/audits/${first.token}/evidence?itemKey=waiting-area`, tooBig.payload, tooBig.headers);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.field).toBe('file');

    const disguised = multipartFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'photo.png', 'image/png');
    const notImage = await publicCall('POST', `/api/v1/public/audits/${first.token}/evidence?itemKey=waiting-area`, disguised.payload, disguised.headers);
    expect(notImage.statusCode).toBe(415);
    expect(notImage.json().error.code).toBe('not_an_image');

    const at = first.token.length - 10;
    const tampered = `${first.token.slice(0, at)}${first.token[at] === 'A' ? 'B' : 'A'}${first.token.slice(at + 1)}`;
    const wrongToken = await publicCall('POST', `/api/v1/public/audits/${tampered}/evidence?itemKey=waiting-area`, upload.payload, upload.headers);
    expect(wrongToken.statusCode).toBe(401);
    const unknownItem = await publicCall('POST', `/api/v1/public/audits/${first.token}/evidence?itemKey=no-such-item`, upload.payload, upload.headers);
    expect(unknownItem.statusCode).toBe(400);
    expect(unknownItem.json().error.field).toBe('itemKey');
    const notMultipart = await publicCall('POST', `/api/v1/public/audits/${first.token}/evidence?itemKey=waiting-area`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);

    // Nothing but the one good photo reached the disk.
    expect(await readdir(path.join(uploads, 'audits', org.admin.orgId, first.runId))).toHaveLength(1);
  });

  it('cannot submit before every point is answered and every failure carries its evidence', async () => {
    const incomplete = await publicCall('POST', `/api/v1/public/audits/${first.token}/submit`, {});
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.field).toBe('answers.acknowledge-when-busy.value');
    const answers = { ...passingHallAnswers(), 'fees-confirmed': { value: 'no' as const } };
    const noNote = await publicCall('POST', `/api/v1/public/audits/${first.token}/submit`, { answers });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.field).toBe('answers.fees-confirmed.note');
  });

  it('submits: the critical failure fails the audit and opens an action for the outlet manager', async () => {
    const answers = { ...passingHallAnswers(), 'fees-confirmed': { value: 'no' as const, note: 'Charged for a service I did not ask for; nobody explained the fee.' } };
    const submitted = await publicCall('POST', `/api/v1/public/audits/${first.token}/submit`, { answers });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json().message).toMatch(/Проверка отправлена/);
    // The shopper sees no score; the organisation does.
    expect(submitted.body).not.toContain('compliance');

    const run = expectStatus(await call(org.admin, 'GET', `/api/v1/audits/runs/${first.runId}`), 200).json();
    expect(run.status).toBe('submitted');
    expect(run.passed).toBe(false);
    expect(run.criticalFailed).toBe(true);
    expect(run.compliance).toBeGreaterThan(80);
    expect(run.result.criticalFailures).toEqual(['fees-confirmed']);
    const counter = run.result.moments.find((m: { momentKey: string }) => m.momentKey === 'counter-transaction');
    expect(counter.criticalFailed).toBe(true);
    const leave = run.result.moments.find((m: { momentKey: string }) => m.momentKey === 'leave');
    // The journey template sets audit_compliance ≥ 95 on "leave"; everything there passed.
    expect(leave).toMatchObject({ compliance: 100, target: { comparator: 'gte', value: 95 }, benchmark: 'met' });

    const actions = expectStatus(await call(org.manager, 'GET', `/api/v1/audits/actions?runId=${first.runId}`), 200).json().items;
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ itemKey: 'fees-confirmed', momentKey: 'counter-transaction', critical: true, status: 'open', ownerUserId: org.manager.userId });
    // A critical item's action is due in the checklist's critical days (3).
    expect(new Date(actions[0].dueAt).getTime() - now.getTime()).toBe(3 * 86_400_000);
    actionId = actions[0].actionId;
    const inbox = expectStatus(await call(org.manager, 'GET', '/api/v1/notifications?unread=true'), 200).json().items;
    expect(inbox.map((n: { kind: string; data: { actionId?: string } }) => [n.kind, n.data.actionId])).toContainEqual(['audits.action_assigned', actionId]);

    // The link now shows a thank-you, and refuses more answers.
    const page = await publicCall('GET', `/a/${first.token}?done=1`);
    expect(page.body).toContain('Спасибо!');
    const again = await publicCall('POST', `/api/v1/public/audits/${first.token}/submit`, {});
    expect(again.statusCode).toBe(409);
  });

  it('a failure again after the manager marked it done reopens it; the next pass verifies it', async () => {
    now = new Date('2026-11-12T02:00:00Z');
    expectStatus(await call(org.manager, 'PATCH', `/api/v1/audits/actions/${actionId}`, { status: 'done', note: 'Fees briefed in the morning meeting' }), 200);
    const refuse = await call(org.manager, 'PATCH', `/api/v1/audits/actions/${actionId}`, { status: 'verified' });
    expect(refuse.statusCode).toBe(400);
    expect(refuse.json().error.field).toBe('status');

    now = new Date('2026-11-20T02:00:00Z');
    const second = await mysteryRun();
    const failedAgain = { ...passingHallAnswers(), 'fees-confirmed': { value: 'no' as const, note: 'Again no explanation of the fee' } };
    expectStatus(await publicCall('POST', `/api/v1/public/audits/${second.token}/submit`, { answers: failedAgain }), 201);
    let action = expectStatus(await call(org.manager, 'GET', `/api/v1/audits/actions/${actionId}`), 200).json();
    expect(action).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(action.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'done', 'reopened']);

    now = new Date('2026-11-25T02:00:00Z');
    const third = await mysteryRun();
    expectStatus(await publicCall('POST', `/api/v1/public/audits/${third.token}/submit`, { answers: passingHallAnswers() }), 201);
    action = expectStatus(await call(org.manager, 'GET', `/api/v1/audits/actions/${actionId}`), 200).json();
    expect(action).toMatchObject({ status: 'verified', verifiedByRunId: third.runId });
    expect(action.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'done', 'reopened', 'verified']);
    const run = expectStatus(await call(org.admin, 'GET', `/api/v1/audits/runs/${third.runId}`), 200).json();
    expect(run).toMatchObject({ passed: true, criticalFailed: false });
    // Every applicable item met (weights add up to 19.5); "served skilfully" scored 3 of 4 earns 1.5 of its 2.
    expect(run.compliance).toBe(Math.round((10_000 * 19) / 19.5) / 100);
    expect(expectStatus(await call(org.admin, 'GET', `/api/v1/audits/actions?runId=${third.runId}`), 200).json().items).toEqual([]);
  });
});

describe('shopper links', () => {
  it('a new link replaces the old one; a cancelled run closes it; an expired link says so', async () => {
    const run = await mysteryRun();
    const replacement = expectStatus(await call(org.admin, 'POST', `/api/v1/audits/runs/${run.runId}/shopper-link`, { expiresInDays: 1 }), 201).json();
    expect((await publicCall('GET', `/api/v1/public/audits/${run.token}`)).statusCode).toBe(401);
    expect((await publicCall('GET', `/a/${run.token}`)).statusCode).toBe(404);
    expect((await publicCall('GET', `/api/v1/public/audits/${replacement.token}`)).statusCode).toBe(200);

    now = new Date(now.getTime() + 2 * 86_400_000);
    const expired = await publicCall('GET', `/api/v1/public/audits/${replacement.token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('link_expired');
    const fresh = expectStatus(await call(org.admin, 'POST', `/api/v1/audits/runs/${run.runId}/shopper-link`), 201).json();
    expectStatus(await call(org.admin, 'POST', `/api/v1/audits/runs/${run.runId}/cancel`), 200);
    const closed = await publicCall('GET', `/a/${fresh.token}`, undefined, { 'accept-language': 'hu-HU,hu;q=0.9' });
    expect(closed.statusCode).toBe(410);
    expect(closed.body).toContain('Ez az ellenőrzés lezárult');
  });

  it('are only for mystery shopping, which in turn is filled in only through its link', async () => {
    const self = expectStatus(
      await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'self_inspection' }),
      201,
    ).json();
    expect((await call(org.admin, 'POST', `/api/v1/audits/runs/${self.runId}/shopper-link`)).statusCode).toBe(409);
    const shopping = await mysteryRun();
    const byApp = await call(org.admin, 'PUT', `/api/v1/audits/runs/${shopping.runId}/answers`, { answers: {} });
    expect(byApp.statusCode).toBe(409);
    expect(byApp.json().error.code).toBe('shopper_link_only');
  });

  it('the page works without JavaScript: the form saves and submits answers and notes', async () => {
    const run = await mysteryRun();
    const form = new URLSearchParams({ 'v.greeted-at-door': 'yes', 'n.greeted-at-door': 'warm welcome', _action: 'save' });
    const saved = await publicCall('POST', `/a/${run.token}`, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/a/${run.token}?saved=1`);
    const page = await publicCall('GET', `/a/${run.token}?saved=1`);
    expect(page.body).toContain('warm welcome');
    expect(page.body).toMatch(/id="item-greeted-at-door-yes" name="v.greeted-at-door" value="yes" checked/);

    const incomplete = await publicCall('POST', `/a/${run.token}`, new URLSearchParams({ _action: 'submit' }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('id="errors"');
    // Each problem beside its point names the field, so the script can clear it once the shopper puts it right.
    expect(incomplete.body).toContain('<p class="err" id="item-greeted-at-door-err" data-field="answers.greeted-at-door.value">');
    const all = new URLSearchParams({ _action: 'submit' });
    for (const [key, answer] of Object.entries(passingHallAnswers())) all.set(`v.${key}`, String(answer.value));
    const done = await publicCall('POST', `/a/${run.token}`, all.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/a/${run.token}?done=1`);
    const result = expectStatus(await call(org.admin, 'GET', `/api/v1/audits/runs/${run.runId}`), 200).json();
    expect(result).toMatchObject({ status: 'submitted', passed: true });
  });
});
