import type { Locale } from '../platform/locales.ts';

/*
 * Server-side texts of learning cards, generated exam questions and the PDF certificate, in the five
 * languages. The phrases never to use are the service taboos every moment shares (seed 001, the hotel
 * seed's taboos; same spirit as recovery/playbook-texts.ts); managers add moment-specific ones.
 */

export interface LearningTexts {
  neverSay: string[];
  orderPrompt: (moment: string) => string;
  phrasePrompt: (moment: string) => string;
  keyPointsPrompt: (moment: string) => string;
  certificate: { title: string; awardedTo: string; forJourney: string; score: string; issued: string; validUntil: string };
}

export const LEARNING_TEXTS: Record<Locale, LearningTexts> = {
  en: {
    neverSay: ['Calm down.', 'That’s not my department.', 'That’s the policy, there’s nothing I can do.', 'You must be mistaken.'],
    orderPrompt: (moment) => `Put the steps of “${moment}” in the right order.`,
    phrasePrompt: (moment) => `Which of these do you say at “${moment}”?`,
    keyPointsPrompt: (moment) => `Which of these are key points of “${moment}”? Choose all that apply.`,
    certificate: { title: 'Certificate', awardedTo: 'awarded to', forJourney: 'for passing the exam on the journey', score: 'Score', issued: 'Issued', validUntil: 'Valid until' },
  },
  'zh-CN': {
    neverSay: ['您先冷静一下', '这不归我们部门管', '公司规定就是这样，我也没办法', '肯定是您弄错了'],
    orderPrompt: (moment) => `请把“${moment}”的步骤按正确顺序排列。`,
    phrasePrompt: (moment) => `在“${moment}”时，您应该说哪一句？`,
    keyPointsPrompt: (moment) => `以下哪些是“${moment}”的服务要点？（多选）`,
    certificate: { title: '证书', awardedTo: '授予', forJourney: '以表彰其通过以下旅程的考试', score: '成绩', issued: '颁发日期', validUntil: '有效期至' },
  },
  'zh-TW': {
    neverSay: ['您先冷靜一下', '這不歸我們部門管', '公司規定就是這樣，我也沒辦法', '一定是您弄錯了'],
    orderPrompt: (moment) => `請把「${moment}」的步驟按正確順序排列。`,
    phrasePrompt: (moment) => `在「${moment}」時，您應該說哪一句？`,
    keyPointsPrompt: (moment) => `以下哪些是「${moment}」的服務要點？（多選）`,
    certificate: { title: '證書', awardedTo: '授予', forJourney: '以表彰其通過以下旅程的考試', score: '成績', issued: '頒發日期', validUntil: '有效期至' },
  },
  ru: {
    neverSay: ['Успокойтесь.', 'Это не мой отдел.', 'Такие правила, я ничего не могу сделать.', 'Вы, наверное, ошиблись.'],
    orderPrompt: (moment) => `Расставьте шаги момента «${moment}» в правильном порядке.`,
    phrasePrompt: (moment) => `Что из этого вы говорите в момент «${moment}»?`,
    keyPointsPrompt: (moment) => `Что из этого — ключевые пункты момента «${moment}»? Выберите все подходящие.`,
    certificate: { title: 'Сертификат', awardedTo: 'выдан', forJourney: 'за сдачу экзамена по пути клиента', score: 'Результат', issued: 'Выдан', validUntil: 'Действителен до' },
  },
  hu: {
    neverSay: ['Nyugodjon meg.', 'Ez nem az én osztályom.', 'Ez a szabály, nem tehetek semmit.', 'Ön biztosan téved.'],
    orderPrompt: (moment) => `Tegye helyes sorrendbe a(z) „${moment}” pillanat lépéseit.`,
    phrasePrompt: (moment) => `Melyiket mondja a(z) „${moment}” pillanatban?`,
    keyPointsPrompt: (moment) => `Melyek a(z) „${moment}” pillanat kulcspontjai? Jelölje az összes helyeset.`,
    certificate: { title: 'Tanúsítvány', awardedTo: 'részére', forJourney: 'az alábbi ügyfélút vizsgájának sikeres teljesítéséért', score: 'Eredmény', issued: 'Kiállítva', validUntil: 'Érvényes' },
  },
};
