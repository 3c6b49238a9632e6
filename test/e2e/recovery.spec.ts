import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

/*
 * Issue #6's check, in a real browser in Simplified Chinese: a customer's detractor answer on the
 * survey page opens exactly one case, owned by the frontline agent who served them; the agent works
 * it through the six steps (phrasing and never-say phrases in Chinese), a transfer without acceptance
 * keeps the owner, a manager approves the compensation, the follow-up re-survey closes the case as
 * recovered; the metrics page lists a silent detractor.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const JOURNEY = 'recovery-hall';
const SURVEY = 'recovery-counter';
const PASSWORD = 'correct horse battery';

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // A full-page capture of a scrolled page would paint the sticky header in the middle.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage });
}

async function ok<T = Record<string, unknown>>(response: Promise<import('@playwright/test').APIResponse>): Promise<T> {
  const settled = await response;
  if (!settled.ok()) throw new Error(`${settled.url()} → ${settled.status()}: ${await settled.text()}`);
  return (await settled.json()) as T;
}

interface Person {
  userId: string;
  email: string;
  api: APIRequestContext;
}

interface World {
  admin: APIRequestContext;
  orgId: string;
  outlet: string;
  agent: Person;
  agent2: Person;
  manager: Person;
}

let world: World;

async function signedIn(email: string, password: string, orgId?: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: orgId ? { 'X-Org-Id': orgId } : {} });
  await ok(api.post('/api/v1/auth/sign-in', { data: { email, password } }));
  return api;
}

async function invite(world: Pick<World, 'admin' | 'orgId'>, email: string, name: string, role: string, locationId: string, locale: string): Promise<Person> {
  const { inviteUrl } = await ok<{ inviteUrl: string }>(world.admin.post('/api/v1/invitations', { data: { email, role, locationId } }));
  const token = new URL(inviteUrl).searchParams.get('token')!;
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'X-Org-Id': world.orgId } });
  const accepted = await ok<{ user: { id: string } }>(api.post('/api/v1/invitations/accept', { data: { token, name, password: PASSWORD } }));
  await ok(api.patch('/api/v1/me', { data: { locale } }));
  return { userId: accepted.user.id, email, api };
}

test.beforeAll(async () => {
  const bootstrap = await signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const me = await ok<{ memberships: { orgId: string }[] }>(bootstrap.get('/api/v1/me'));
  const orgId = me.memberships[0]!.orgId;
  const admin = await signedIn(ADMIN_EMAIL, ADMIN_PASSWORD, orgId);
  const location = async (data: object) => (await ok<{ locationId: string }>(admin.post('/api/v1/locations', { data }))).locationId;
  const region = await location({ name: '华东区', level: 'region', timezone: 'Asia/Shanghai' });
  const city = await location({ name: '上海', level: 'city', parentId: region, timezone: 'Asia/Shanghai' });
  const outlet = await location({ name: '徐家汇营业厅', level: 'outlet', parentId: city, code: 'SH-XJH', timezone: 'Asia/Shanghai' });
  const base = { admin, orgId };
  const agent = await invite(base, 'li.na@example.com', '李娜', 'agent', outlet, 'zh-CN');
  const agent2 = await invite(base, 'zhang.wei@example.com', '张伟', 'agent', outlet, 'zh-CN');
  const manager = await invite(base, 'wang.fang@example.com', '王芳', 'outlet_manager', outlet, 'zh-CN');
  world = { admin, orgId, outlet, agent, agent2, manager };

  await ok(
    admin.post('/api/v1/journeys', {
      data: {
        key: JOURNEY,
        name: { en: 'Service hall', 'zh-CN': '营业厅' },
        blueprint: {
          stages: [{ key: 'visit', kind: 'first' }],
          moments: [
            { key: 'counter', name: { en: 'Counter', 'zh-CN': '柜台办理' }, stageKey: 'visit', flags: ['peak'] },
            { key: 'leave', name: { en: 'Leave', 'zh-CN': '离开' }, stageKey: 'visit', flags: ['end'] },
          ],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/journeys/${JOURNEY}/publish`, { data: {} }));
  await ok(
    admin.post('/api/v1/surveys', {
      data: {
        key: SURVEY,
        name: { en: 'Counter survey' },
        definition: {
          kind: 'transactional',
          about: { journeyKey: JOURNEY, momentKey: 'counter' },
          title: { en: 'Your visit', 'zh-CN': '您这次的营业厅体验' },
          questions: [
            { id: 'recommend', type: 'nps', required: true, title: { en: 'How likely are you to recommend us?', 'zh-CN': '您有多大可能向朋友推荐我们？' } },
            { id: 'comment', type: 'text', title: { en: 'Anything else?', 'zh-CN': '还有其他意见吗？' } },
          ],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/surveys/${SURVEY}/publish`, { data: {} }));
  // Detractors at the counter go to the staff member who served them; elsewhere no case opens
  // (so the metrics page has a silent detractor to show). Deadlines run around the clock.
  await ok(
    admin.put('/api/v1/recovery-rules', {
      data: { rules: [{ kind: 'detractor', enabled: false }, { kind: 'detractor', journeyKey: JOURNEY, momentKey: 'counter', assignTo: 'staff' }] },
    }),
  );
  const always = [{ start: '00:00', end: '24:00' }];
  await ok(
    admin.put('/api/v1/recovery/sla-policy', {
      data: {
        firstResponseMinutes: 90,
        resolutionMinutes: 1440,
        followUpMinutes: 2880,
        followUpGraceMinutes: 240,
        escalationMinutes: 120,
        weekHours: { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always },
      },
    }),
  );
  await ok(admin.put('/api/v1/recovery/approval-limits', { data: { currency: 'CNY', limits: { agent: 0, outlet_manager: 200, cx_manager: 2000, admin: null } } }));
});

/** A browser context signed in as `email`, reading Simplified Chinese. */
async function browserAs(browser: Browser, email: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  await ok(context.request.post('/api/v1/auth/sign-in', { data: { email, password: PASSWORD } }));
  return { context, page: await context.newPage() };
}

/** The customer answers on the public survey page, as a stranger with a phone. */
async function answerSurvey(browser: Browser, url: string, score: number, comment?: string): Promise<void> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.locator('h1')).toHaveText('您这次的营业厅体验');
  await page.locator(`input[name="q.recommend"][value="${score}"]`).check({ force: true });
  if (comment) await page.locator('textarea[name="q.comment"]').fill(comment);
  await page.locator('button[name="_action"][value="submit"]').click();
  await expect(page.getByText('谢谢您！')).toBeVisible();
  await context.close();
}

test('a frontline agent recovers a detractor end to end in Simplified Chinese', async ({ browser }) => {
  test.setTimeout(180_000);
  const { admin, agent, agent2, manager } = world;

  // The moment: 王女士 is served at the counter by 李娜, then answers the survey as a detractor.
  await ok(
    admin.post('/api/v1/interactions', {
      data: {
        externalId: 'visit-1-counter',
        journeyKey: JOURNEY,
        momentKey: 'counter',
        visitId: 'visit-1',
        occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
        locationCode: 'SH-XJH',
        staffId: agent.email,
        channel: 'in_person',
        customer: { externalId: 'CUST-8848', name: '王女士', email: 'wang.nvshi@example.com', phone: '+86 139 1234 5678', locale: 'zh-CN' },
      },
    }),
  );
  const invitation = await ok<{ url: string }>(admin.post(`/api/v1/surveys/${SURVEY}/invitations`, { data: { interactionExternalId: 'visit-1-counter', locale: 'zh-CN' } }));
  await answerSurvey(browser, new URL(new URL(invitation.url).pathname, BASE_URL).toString(), 2, '排队等了四十分钟，柜台工作人员态度很冷淡。');
  // A second failed answer of the same visit (sent by API) joins the same case.
  await ok(
    admin.post('/api/v1/responses', {
      data: { externalId: 'visit-1-sms', surveyKey: SURVEY, submittedAt: new Date().toISOString(), channel: 'sms', interactionExternalId: 'visit-1-counter', answers: { recommend: 1 } },
    }),
  );
  const cases = await ok<{ items: { caseId: string; ownerId: string }[] }>(admin.get('/api/v1/cases', { params: { customerRef: 'CUST-8848' } }));
  expect(cases.items).toHaveLength(1);
  expect(cases.items[0]!.ownerId).toBe(agent.userId);
  const caseId = cases.items[0]!.caseId;

  // A silent detractor: unhappy when leaving, no complaint, no rule for that moment.
  await ok(
    admin.post('/api/v1/responses', {
      data: {
        externalId: 'visit-2-leave',
        surveyKey: SURVEY,
        submittedAt: new Date().toISOString(),
        channel: 'kiosk',
        journeyKey: JOURNEY,
        momentKey: 'leave',
        locationCode: 'SH-XJH',
        customer: { externalId: 'CUST-2046', name: '陈先生' },
        answers: { recommend: 4, comment: '出门时没人理我。' },
      },
    }),
  );

  const { context, page } = await browserAs(browser, agent.email);
  await page.goto('/recovery');
  await expect(page.getByRole('heading', { name: '服务补救' })).toBeVisible();
  await expect(page.getByRole('radio', { name: '我的工单' })).toBeChecked();
  await expect(page.locator('[data-case-id]')).toHaveCount(1);
  const card = page.locator(`[data-case-id="${caseId}"]`);
  await expect(card).toContainText('排队等了四十分钟');
  await expect(card).toContainText('贬损者');
  await expect(card).toContainText('第 1/6 步 · 让客户倾诉');
  await expect(card.locator('[data-sla="due_soon"]')).toContainText(/分钟后到期/);
  await expect(page.getByRole('button', { name: /通知（1 条未读）/ })).toBeVisible();
  await screenshot(page, 'recovery-inbox-zh-CN');

  // Keyboard: the case opens from its link.
  await card.getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(page.getByText('负责人：李娜')).toBeVisible();
  const vent = page.locator('[data-step="vent"]');
  await expect(vent).toHaveAttribute('data-current', 'true');
  await expect(vent).toContainText('建议话术');
  await expect(vent).toContainText('禁忌用语');
  await expect(vent.getByText('您先冷静一下').first()).toBeVisible();
  await expect(page.locator('[data-event="attached"]')).toBeVisible();
  await expect(page.getByText('王女士').first()).toBeVisible();
  await expect(page.getByText('营业厅 · 柜台办理')).toBeVisible();
  await screenshot(page, 'recovery-case-start-zh-CN');

  // Step 1–3.
  await vent.getByLabel('客户的原话').fill('我排了四十分钟的队，轮到我时工作人员一直看手机。');
  await vent.getByRole('button', { name: '保存客户原话' }).click();
  const apologise = page.locator('[data-step="apologise"]');
  await expect(apologise).toHaveAttribute('data-current', 'true');
  await apologise.getByRole('button', { name: '已致歉' }).click();
  const gather = page.locator('[data-step="gather"]');
  await expect(gather).toHaveAttribute('data-current', 'true');
  await gather.getByRole('textbox').nth(1).fill('下午三点左右，3 号柜台。');
  await gather.getByRole('button', { name: '保存回答' }).click();

  // A transfer without acceptance keeps the owner.
  await page.getByRole('button', { name: '转交' }).click();
  const transfer = page.getByRole('dialog', { name: '转交' });
  await transfer.getByLabel('转交给').click();
  await page.getByRole('option', { name: /张伟/ }).click();
  await transfer.getByRole('button', { name: '发起转交' }).click();
  await expect(page.getByText('已转交给 张伟。对方接受之前，李娜 仍是负责人。')).toBeVisible();
  await expect(page.getByText('负责人：李娜')).toBeVisible();
  await screenshot(page, 'recovery-transfer-pending-zh-CN');
  await ok(agent2.api.post(`/api/v1/cases/${caseId}/decline`, { data: { reason: '我今天在另一个网点。' } }));
  const afterDecline = await ok<{ case: { ownerId: string; pendingTransferTo: string | null } }>(admin.get(`/api/v1/cases/${caseId}`));
  expect(afterDecline.case).toMatchObject({ ownerId: agent.userId, pendingTransferTo: null });
  await page.reload();

  // Step 4: a gift above the agent's limit waits for the manager.
  const propose = page.locator('[data-step="propose"]');
  await expect(propose).toHaveAttribute('data-current', 'true');
  await propose.getByLabel('建议的解决方案').fill('店长亲自致歉，下次到店优先办理。');
  await propose.getByLabel('提供补偿').check();
  await propose.getByLabel('补偿类型').click();
  await page.getByRole('option', { name: '赠品' }).click();
  await propose.getByLabel('金额（CNY）').fill('50');
  await screenshot(page, 'recovery-propose-zh-CN');
  await propose.getByRole('button', { name: '提出方案' }).click();
  await expect(page.getByText('待审批').first()).toBeVisible();

  // The outlet manager approves it in the inbox.
  const managerSide = await browserAs(browser, manager.email);
  await managerSide.page.goto(`/cases/${caseId}`);
  await expect(managerSide.page.getByText('补偿等待审批')).toBeVisible();
  await screenshot(managerSide.page, 'recovery-approval-zh-CN', false);
  await managerSide.page.getByRole('button', { name: '批准' }).click();
  await managerSide.page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
  await expect(managerSide.page.getByText('补偿等待审批')).toBeHidden();
  await managerSide.context.close();

  // Step 5 and 6, with the re-survey.
  await page.reload();
  const agree = page.locator('[data-step="agree"]');
  await expect(agree).toHaveAttribute('data-current', 'true');
  await agree.getByLabel('客户的选择').fill('接受致歉和赠品。');
  await agree.getByRole('button', { name: '客户已接受' }).click();
  const followUp = page.locator('[data-step="follow_up"]');
  await expect(followUp).toHaveAttribute('data-current', 'true');
  await expect(followUp.getByLabel('当天自动发送回访问卷')).toBeChecked();
  await followUp.getByRole('button', { name: '安排', exact: true }).click();
  await expect(page.getByText('待回访').first()).toBeVisible();
  await expect(page.locator('[data-event="follow_up_scheduled"]')).toBeVisible();

  // The customer answers the re-survey as a promoter: the case closes as recovered.
  const resurvey = await ok<{ url: string }>(
    admin.post(`/api/v1/surveys/${SURVEY}/invitations`, { data: { externalId: `recovery:${caseId}`, customerExternalId: 'CUST-8848', locationId: world.outlet, locale: 'zh-CN' } }),
  );
  await answerSurvey(browser, new URL(new URL(resurvey.url).pathname, BASE_URL).toString(), 9, '店长很有诚意，谢谢。');
  await page.reload();
  await expect(page.getByText('已挽回').first()).toBeVisible();
  await expect(page.getByText('已关闭').first()).toBeVisible();
  await expect(page.locator('[data-event="follow_up_answered"]')).toContainText('NPS 9');
  await screenshot(page, 'recovery-case-recovered-zh-CN');

  // The same case on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'recovery-case-phone-zh-CN');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Metrics: recovery rate and the silent detractor, who can be reached out to.
  await page.goto('/recovery/metrics');
  await expect(page.getByRole('heading', { name: '补救指标' })).toBeVisible();
  await expect(page.getByText('100%').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: '沉默的贬损者' })).toBeVisible();
  await expect(page.getByText('NPS 4 · 陈先生')).toBeVisible();
  await screenshot(page, 'recovery-metrics-zh-CN');
  await page.getByRole('button', { name: '主动联系' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  await expect(page.getByText('负责人：李娜')).toBeVisible();
  await context.close();
});
