import { fileURLToPath } from 'node:url';
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './e2e-constants';

/*
 * Issue #10, the managers' side in a real browser, in Russian: a manager registers a staff member
 * (linked to their own sign-in, with a role), adds a phrase and writes a question for a moment, and
 * defines a monthly exam for that role on a phone; the exam then appears under "Exams" for the staff
 * member. Screenshots in ru and zh-CN. The journey gets its own key, and the staff link and the
 * journey are undone at the end, so coaching.spec.ts (same server and database) starts as before.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const JOURNEY = 'coaching-admin-hall';

async function ok<T = Record<string, unknown>>(response: Promise<APIResponse>): Promise<T> {
  const settled = await response;
  if (!settled.ok()) throw new Error(`${settled.url()} → ${settled.status()}: ${await settled.text()}`);
  return (await settled.json().catch(() => ({}))) as T;
}

async function pick(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

test('a manager registers staff, writes a question and schedules an exam that the staff member then sees', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ok(context.request.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  const me = await ok<{ memberships: { orgId: string }[] }>(context.request.get('/api/v1/me'));
  const orgId = me.memberships[0]!.orgId;
  const headers = { 'X-Org-Id': orgId };
  await ok(context.request.post('/api/v1/journeys/from-template', {
    data: { templateKey: 'telecom-service-hall', key: JOURNEY, name: { en: 'Training hall', ru: 'Учебный зал', 'zh-CN': '培训大厅' }, publish: true },
    headers,
  }));
  await ok(context.request.post('/api/v1/locations', { data: { name: 'Москва, зал 2', level: 'outlet' }, headers }));
  await context.addInitScript((id) => {
    localStorage.setItem('keymoment.orgId', id);
    localStorage.setItem('keymoment.locale', 'ru');
  }, orgId);
  const page = await context.newPage();

  try {
    // 1. Register a staff member: the server's field error is shown next to the field first.
    await page.goto('/coaching/staff');
    await expect(page.getByRole('button', { name: 'Добавить сотрудника' })).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Добавить сотрудника' }).click();
    await page.getByTestId('staff-save').click();
    await expect(page.getByText('Обязательное поле').first()).toBeVisible();
    await page.getByTestId('staff-id').fill('E-21');
    await page.getByTestId('staff-name').fill('Ольга Смирнова');
    await page.getByTestId('staff-role').fill('Кассир');
    await pick(page, 'Точка обслуживания', /Москва, зал 2/);
    await pick(page, 'Учётная запись', new RegExp(ADMIN_EMAIL.replace('.', '\\.')));
    await page.screenshot({ path: `${screenshotDir}coaching-admin-staff-form-ru.png` });
    await page.getByTestId('staff-save').click();
    await expect(page.getByTestId('staff-list').getByText('Ольга Смирнова')).toBeVisible();
    await page.getByRole('textbox', { name: 'Поиск по табельному номеру, имени или должности' }).fill('кассир');
    await expect(page.getByTestId('staff-list').getByText('E-21')).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}coaching-admin-staff-ru.png`, fullPage: true });

    // 2. A phrase and a single-choice question for the first moment of the journey.
    await page.goto('/coaching/questions');
    await pick(page, 'Путь клиента', 'Учебный зал');
    await expect(page.getByTestId('bank-list')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('phrase-text-ru').fill('Рада вас видеть!');
    await page.getByRole('button', { name: 'Добавить фразу' }).click();
    await expect(page.getByText('Рада вас видеть!', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Написать вопрос' }).click();
    await page.getByTestId('question-prompt-ru').fill('Когда нужно поприветствовать клиента?');
    await page.getByTestId('question-prompt-en').fill('When do you greet the customer?');
    await page.getByTestId('question-option-0-ru').fill('Сразу, в течение десяти секунд');
    await page.getByTestId('question-option-1-ru').fill('Когда он подойдёт к стойке');
    await expect(page.getByTestId('question-preview').getByText('Когда нужно поприветствовать клиента?')).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}coaching-admin-question-form-ru.png`, fullPage: true });
    await page.getByTestId('question-save').click();
    await expect(page.getByTestId('bank-list').getByText('Когда нужно поприветствовать клиента?')).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}coaching-admin-bank-ru.png`, fullPage: true });

    // 3. The exam, defined on a phone: monthly, for the role, three questions, with a certificate.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/coaching/exam-setup');
    await page.getByRole('button', { name: 'Новый экзамен' }).click();
    await page.getByTestId('exam-title-ru').fill('Ежемесячная проверка кассиров');
    await pick(page, 'Путь клиента', 'Учебный зал');
    await page.getByRole('textbox', { name: 'Для должности' }).fill('Кассир');
    await page.getByTestId('exam-question-count').fill('3');
    await page.getByRole('textbox', { name: 'Срок сертификата (мес.)' }).fill('12');
    await page.screenshot({ path: `${screenshotDir}coaching-admin-exam-form-ru-phone.png`, fullPage: true });
    await page.getByTestId('exam-save').click();
    const defined = page.getByTestId('exam-definitions');
    await expect(defined.getByText('Ежемесячная проверка кассиров')).toBeVisible();
    await expect(defined.getByText(/Сдать до/)).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}coaching-admin-exams-ru-phone.png`, fullPage: true });
    const exams = await ok<{ items: { title: Record<string, string>; targetRole: string | null; questionCount: number | null; schedule: string; certificateMonths: number | null }[] }>(
      context.request.get('/api/v1/coaching/exams?limit=200', { headers }),
    );
    expect(exams.items.find((exam) => exam.title.ru === 'Ежемесячная проверка кассиров')).toMatchObject({ targetRole: 'Кассир', questionCount: 3, schedule: 'monthly', certificateMonths: 12 });

    // 4. The staff member (the manager's own sign-in is linked to E-21) finds the exam and its three questions.
    await page.goto('/coaching/exams');
    const card = page.locator('.mantine-Card-root', { hasText: 'Ежемесячная проверка кассиров' });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Начать' }).click();
    await expect(page.getByRole('button', { name: 'Сдать' })).toBeVisible({ timeout: 30_000 });
    const examId = (await ok<{ items: { examId: string; title: Record<string, string> }[] }>(context.request.get('/api/v1/coaching/exams?limit=200', { headers }))).items.find(
      (exam) => exam.title.ru === 'Ежемесячная проверка кассиров',
    )!.examId;
    const paper = await ok<{ questions: unknown[] }>(context.request.get(`/api/v1/coaching/exams/${examId}/paper`, { headers }));
    expect(paper.questions).toHaveLength(3);
    await page.screenshot({ path: `${screenshotDir}coaching-admin-exam-paper-ru-phone.png`, fullPage: true });

    // 5. The same pages in Simplified Chinese (same session, no second sign-in).
    const zh = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: await context.storageState() });
    await zh.addInitScript((id) => {
      localStorage.setItem('keymoment.orgId', id);
      localStorage.setItem('keymoment.locale', 'zh-CN');
    }, orgId);
    const zhPage = await zh.newPage();
    await zhPage.goto('/coaching/staff');
    await expect(zhPage.getByTestId('staff-list')).toBeVisible({ timeout: 30_000 });
    await zhPage.screenshot({ path: `${screenshotDir}coaching-admin-staff-zh-CN.png`, fullPage: true });
    await zhPage.goto('/coaching/questions');
    await pick(zhPage, '客户旅程', '培训大厅');
    await expect(zhPage.getByTestId('bank-list')).toBeVisible({ timeout: 30_000 });
    await zhPage.getByRole('button', { name: '编写题目' }).click();
    await zhPage.getByTestId('question-kind').click();
    await zhPage.getByRole('option', { name: '排序' }).click();
    await zhPage.screenshot({ path: `${screenshotDir}coaching-admin-bank-zh-CN.png`, fullPage: true });
    await zhPage.setViewportSize({ width: 390, height: 844 });
    await zhPage.goto('/coaching/exam-setup');
    await expect(zhPage.getByTestId('exam-definitions')).toBeVisible({ timeout: 30_000 });
    await zhPage.getByRole('button', { name: '编辑' }).first().click();
    await expect(zhPage.getByTestId('exam-title-ru')).toHaveValue('Ежемесячная проверка кассиров');
    await zhPage.screenshot({ path: `${screenshotDir}coaching-admin-exam-form-zh-CN-phone.png`, fullPage: true });
    await zh.close();
  } finally {
    // Undo what coaching.spec.ts would trip over: the sign-in's staff link and the second published journey.
    await ok(context.request.put('/api/v1/coaching/staff/E-21', { data: { name: 'Ольга Смирнова', userId: null, role: 'Кассир', locale: 'ru' }, headers }));
    await ok(context.request.delete(`/api/v1/journeys/${JOURNEY}`, { headers }));
    await context.close();
  }
});
