import type { Locale } from '../platform/locales.ts';
import type { AnswerProblem, AnswerProblemCode, SurveyDefaults } from './model.ts';

/*
 * Every word the respondent sees that the survey's author did not write: the page's buttons and notes,
 * the built-in scale labels and SERVQUAL statements, and the messages of the public survey API. Typed
 * per language, so a missing translation is a compile error. Customers are addressed formally
 * (Hungarian "Ön", Russian "вы").
 */

type Numbers = { min?: number; max?: number };

export interface SurveyMessages {
  languageName: string;
  language: string;
  required: string;
  submit: string;
  saveForLater: string;
  saving: string;
  saved: string;
  saveFailed: string;
  savedForLater: string;
  errorSummary: string;
  thankYouTitle: string;
  thankYouBody: string;
  alreadyAnsweredTitle: string;
  alreadyAnsweredBody: string;
  expiredTitle: string;
  expiredBody: string;
  invalidTitle: string;
  invalidBody: string;
  closedTitle: string;
  closedBody: string;
  yes: string;
  no: string;
  expectationLegend: string;
  perceptionLegend: string;
  agreement: { low: string; high: string };
  chooseUpTo: (n: number) => string;
  chooseAtLeast: (n: number) => string;
  answersGoTo: (organization: string) => string;
  problems: Record<AnswerProblemCode, (p: Numbers) => string>;
  defaults: SurveyDefaults;
}

const en: SurveyMessages = {
  languageName: 'English',
  language: 'Language',
  required: 'required',
  submit: 'Send',
  saveForLater: 'Save and finish later',
  saving: 'Saving…',
  saved: 'Your answers are saved.',
  saveFailed: 'Could not save just now; your answers are still here and we will try again.',
  savedForLater: 'Your answers are saved. Open this link again at any time to finish.',
  errorSummary: 'Some answers need your attention:',
  thankYouTitle: 'Thank you!',
  thankYouBody: 'Your answers have reached us. They help us get the moments that matter right.',
  alreadyAnsweredTitle: 'You have already answered',
  alreadyAnsweredBody: 'Thank you — we received your answers to this survey earlier, so there is nothing more to do.',
  expiredTitle: 'This link has expired',
  expiredBody: 'Survey links are valid for a limited time. Thank you for wanting to help.',
  invalidTitle: 'This link does not work',
  invalidBody: 'Please check that the whole link was copied, or open it again from the message you received.',
  closedTitle: 'This survey is closed',
  closedBody: 'It no longer accepts answers. Thank you for your interest.',
  yes: 'Yes',
  no: 'No',
  expectationLegend: 'What you expect from an excellent company',
  perceptionLegend: 'What you experienced',
  agreement: { low: 'Strongly disagree', high: 'Strongly agree' },
  chooseUpTo: (n) => `Choose up to ${n}.`,
  chooseAtLeast: (n) => `Choose at least ${n}.`,
  answersGoTo: (organization) => `Your answers go to ${organization}.`,
  problems: {
    required: () => 'Please answer this question.',
    out_of_range: ({ min, max }) => `Choose a number from ${min} to ${max}.`,
    not_an_option: () => 'Choose one of the options shown.',
    too_few: ({ min }) => `Choose at least ${min}.`,
    too_many: ({ max }) => `Choose up to ${max}.`,
    too_long: ({ max }) => `Please keep it under ${max} characters.`,
    invalid: () => 'This answer could not be read; please answer again.',
    not_shown: () => 'This question does not apply to your earlier answers.',
    unknown_question: () => 'This is not a question of this survey.',
  },
  defaults: {
    scaleLabels: {
      nps: { low: 'Not at all likely', high: 'Extremely likely' },
      csat: { low: 'Very dissatisfied', high: 'Very satisfied' },
      ces: { low: 'Very difficult', high: 'Very easy' },
      moment_rating: { low: 'Very poor', high: 'Excellent' },
    },
    servqualStatements: {
      tangibles: 'The premises, equipment and staff looked neat and appealing.',
      reliability: 'The service was delivered as promised, right the first time.',
      responsiveness: 'Staff were willing to help and served me promptly.',
      assurance: 'Staff were knowledgeable and courteous, and I felt I could trust them.',
      empathy: 'Staff gave me individual attention and understood my needs.',
    },
  },
};

const zhCN: SurveyMessages = {
  languageName: '简体中文',
  language: '语言',
  required: '必答',
  submit: '提交',
  saveForLater: '保存，稍后继续',
  saving: '正在保存…',
  saved: '您的回答已保存。',
  saveFailed: '暂时无法保存，您的回答仍在页面上，我们会再试。',
  savedForLater: '您的回答已保存。随时再次打开此链接即可继续填写。',
  errorSummary: '以下回答需要您再看一下：',
  thankYouTitle: '谢谢您！',
  thankYouBody: '我们已收到您的回答，这将帮助我们把每个关键时刻做得更好。',
  alreadyAnsweredTitle: '您已经回答过了',
  alreadyAnsweredBody: '谢谢！我们之前已收到您对本问卷的回答，无需再次提交。',
  expiredTitle: '此链接已过期',
  expiredBody: '问卷链接有时效限制。感谢您愿意提供反馈。',
  invalidTitle: '此链接无效',
  invalidBody: '请确认链接已完整复制，或从您收到的消息中重新打开。',
  closedTitle: '本问卷已关闭',
  closedBody: '本问卷已不再接受回答。感谢您的关注。',
  yes: '是',
  no: '否',
  expectationLegend: '您对优秀企业的期望',
  perceptionLegend: '您的实际体验',
  agreement: { low: '非常不同意', high: '非常同意' },
  chooseUpTo: (n) => `最多选择 ${n} 项。`,
  chooseAtLeast: (n) => `至少选择 ${n} 项。`,
  answersGoTo: (organization) => `您的回答将发送给${organization}。`,
  problems: {
    required: () => '请回答此问题。',
    out_of_range: ({ min, max }) => `请选择 ${min} 到 ${max} 之间的数字。`,
    not_an_option: () => '请从所列选项中选择。',
    too_few: ({ min }) => `至少选择 ${min} 项。`,
    too_many: ({ max }) => `最多选择 ${max} 项。`,
    too_long: ({ max }) => `请不要超过 ${max} 个字。`,
    invalid: () => '无法识别此回答，请重新作答。',
    not_shown: () => '根据您之前的回答，此问题不适用。',
    unknown_question: () => '这不是本问卷中的问题。',
  },
  defaults: {
    scaleLabels: {
      nps: { low: '完全不可能', high: '极有可能' },
      csat: { low: '非常不满意', high: '非常满意' },
      ces: { low: '非常困难', high: '非常容易' },
      moment_rating: { low: '非常差', high: '非常好' },
    },
    servqualStatements: {
      tangibles: '营业场所、设备和员工仪表整洁美观。',
      reliability: '服务按承诺提供，一次就办好。',
      responsiveness: '员工乐于帮助，服务及时。',
      assurance: '员工专业、有礼貌，让我感到可以信赖。',
      empathy: '员工给予我个别关注，理解我的需要。',
    },
  },
};

const zhTW: SurveyMessages = {
  languageName: '繁體中文',
  language: '語言',
  required: '必答',
  submit: '送出',
  saveForLater: '儲存，稍後繼續',
  saving: '正在儲存…',
  saved: '您的回答已儲存。',
  saveFailed: '暫時無法儲存，您的回答仍在頁面上，我們會再試。',
  savedForLater: '您的回答已儲存。隨時再次開啟此連結即可繼續填寫。',
  errorSummary: '以下回答需要您再看一下：',
  thankYouTitle: '謝謝您！',
  thankYouBody: '我們已收到您的回答，這將幫助我們把每個關鍵時刻做得更好。',
  alreadyAnsweredTitle: '您已經回答過了',
  alreadyAnsweredBody: '謝謝！我們之前已收到您對本問卷的回答，無需再次送出。',
  expiredTitle: '此連結已過期',
  expiredBody: '問卷連結有時效限制。感謝您願意提供意見。',
  invalidTitle: '此連結無效',
  invalidBody: '請確認連結已完整複製，或從您收到的訊息中重新開啟。',
  closedTitle: '本問卷已關閉',
  closedBody: '本問卷已不再接受回答。感謝您的關注。',
  yes: '是',
  no: '否',
  expectationLegend: '您對優秀企業的期望',
  perceptionLegend: '您的實際體驗',
  agreement: { low: '非常不同意', high: '非常同意' },
  chooseUpTo: (n) => `最多選擇 ${n} 項。`,
  chooseAtLeast: (n) => `至少選擇 ${n} 項。`,
  answersGoTo: (organization) => `您的回答將傳送給${organization}。`,
  problems: {
    required: () => '請回答此問題。',
    out_of_range: ({ min, max }) => `請選擇 ${min} 到 ${max} 之間的數字。`,
    not_an_option: () => '請從所列選項中選擇。',
    too_few: ({ min }) => `至少選擇 ${min} 項。`,
    too_many: ({ max }) => `最多選擇 ${max} 項。`,
    too_long: ({ max }) => `請不要超過 ${max} 個字。`,
    invalid: () => '無法識別此回答，請重新作答。',
    not_shown: () => '根據您之前的回答，此問題不適用。',
    unknown_question: () => '這不是本問卷中的問題。',
  },
  defaults: {
    scaleLabels: {
      nps: { low: '完全不可能', high: '極有可能' },
      csat: { low: '非常不滿意', high: '非常滿意' },
      ces: { low: '非常困難', high: '非常容易' },
      moment_rating: { low: '非常差', high: '非常好' },
    },
    servqualStatements: {
      tangibles: '營業場所、設備和員工儀表整潔美觀。',
      reliability: '服務按承諾提供，一次就辦好。',
      responsiveness: '員工樂於幫助，服務及時。',
      assurance: '員工專業、有禮貌，讓我感到可以信賴。',
      empathy: '員工給予我個別關注，理解我的需要。',
    },
  },
};

const ru: SurveyMessages = {
  languageName: 'Русский',
  language: 'Язык',
  required: 'обязательно',
  submit: 'Отправить',
  saveForLater: 'Сохранить и закончить позже',
  saving: 'Сохранение…',
  saved: 'Ответы сохранены.',
  saveFailed: 'Сейчас сохранить не удалось; ваши ответы на месте, мы попробуем ещё раз.',
  savedForLater: 'Ответы сохранены. Откройте эту ссылку снова в любое время, чтобы закончить.',
  errorSummary: 'Пожалуйста, проверьте эти ответы:',
  thankYouTitle: 'Спасибо!',
  thankYouBody: 'Мы получили ваши ответы. Они помогают нам делать важные моменты лучше.',
  alreadyAnsweredTitle: 'Вы уже ответили',
  alreadyAnsweredBody: 'Спасибо! Мы уже получили ваши ответы на этот опрос, больше ничего делать не нужно.',
  expiredTitle: 'Срок действия ссылки истёк',
  expiredBody: 'Ссылки на опрос действуют ограниченное время. Спасибо, что хотели помочь.',
  invalidTitle: 'Ссылка не работает',
  invalidBody: 'Проверьте, что ссылка скопирована целиком, или откройте её снова из полученного сообщения.',
  closedTitle: 'Опрос закрыт',
  closedBody: 'Ответы больше не принимаются. Спасибо за интерес.',
  yes: 'Да',
  no: 'Нет',
  expectationLegend: 'Чего вы ожидаете от отличной компании',
  perceptionLegend: 'Что вы получили на самом деле',
  agreement: { low: 'Совершенно не согласен', high: 'Полностью согласен' },
  chooseUpTo: (n) => `Выберите не больше ${n}.`,
  chooseAtLeast: (n) => `Выберите не меньше ${n}.`,
  answersGoTo: (organization) => `Ваши ответы получит «${organization}».`,
  problems: {
    required: () => 'Пожалуйста, ответьте на этот вопрос.',
    out_of_range: ({ min, max }) => `Выберите число от ${min} до ${max}.`,
    not_an_option: () => 'Выберите один из предложенных вариантов.',
    too_few: ({ min }) => `Выберите не меньше ${min}.`,
    too_many: ({ max }) => `Выберите не больше ${max}.`,
    too_long: ({ max }) => `Не больше ${max} символов, пожалуйста.`,
    invalid: () => 'Не удалось прочитать ответ; пожалуйста, ответьте ещё раз.',
    not_shown: () => 'Этот вопрос не относится к вашим предыдущим ответам.',
    unknown_question: () => 'Такого вопроса в опросе нет.',
  },
  defaults: {
    scaleLabels: {
      nps: { low: 'Совсем маловероятно', high: 'Очень вероятно' },
      csat: { low: 'Совсем не устроило', high: 'Полностью устроило' },
      ces: { low: 'Очень сложно', high: 'Очень легко' },
      moment_rating: { low: 'Очень плохо', high: 'Отлично' },
    },
    servqualStatements: {
      tangibles: 'Помещение, оборудование и внешний вид сотрудников были аккуратными и приятными.',
      reliability: 'Услугу оказали так, как обещали, и сразу правильно.',
      responsiveness: 'Сотрудники охотно помогали и обслужили меня быстро.',
      assurance: 'Сотрудники были компетентны и вежливы, им можно доверять.',
      empathy: 'Сотрудники уделили мне индивидуальное внимание и поняли мои потребности.',
    },
  },
};

const hu: SurveyMessages = {
  languageName: 'Magyar',
  language: 'Nyelv',
  required: 'kötelező',
  submit: 'Beküldés',
  saveForLater: 'Mentés, később folytatom',
  saving: 'Mentés…',
  saved: 'Válaszait elmentettük.',
  saveFailed: 'Most nem sikerült menteni; a válaszai megmaradtak, és újra megpróbáljuk.',
  savedForLater: 'Válaszait elmentettük. A befejezéshez bármikor újra megnyithatja ezt a hivatkozást.',
  errorSummary: 'Kérjük, nézze át ezeket a válaszokat:',
  thankYouTitle: 'Köszönjük!',
  thankYouBody: 'Válaszai megérkeztek hozzánk. Segítenek, hogy a fontos pillanatokat jól csináljuk.',
  alreadyAnsweredTitle: 'Ön már válaszolt',
  alreadyAnsweredBody: 'Köszönjük! Erre a kérdőívre adott válaszait már korábban megkaptuk, nincs több teendője.',
  expiredTitle: 'Ez a hivatkozás lejárt',
  expiredBody: 'A kérdőív-hivatkozások csak korlátozott ideig érvényesek. Köszönjük, hogy segíteni szeretett volna.',
  invalidTitle: 'Ez a hivatkozás nem működik',
  invalidBody: 'Ellenőrizze, hogy a teljes hivatkozást kimásolta-e, vagy nyissa meg újra a kapott üzenetből.',
  closedTitle: 'Ez a kérdőív lezárult',
  closedBody: 'Már nem fogad válaszokat. Köszönjük az érdeklődését.',
  yes: 'Igen',
  no: 'Nem',
  expectationLegend: 'Amit egy kiváló cégtől elvár',
  perceptionLegend: 'Amit ténylegesen tapasztalt',
  agreement: { low: 'Egyáltalán nem értek egyet', high: 'Teljesen egyetértek' },
  chooseUpTo: (n) => `Legfeljebb ${n} választható.`,
  chooseAtLeast: (n) => `Válasszon legalább ${n} lehetőséget.`,
  answersGoTo: (organization) => `Válaszait a(z) ${organization} kapja meg.`,
  problems: {
    required: () => 'Kérjük, válaszoljon erre a kérdésre.',
    out_of_range: ({ min, max }) => `Válasszon egy számot ${min} és ${max} között.`,
    not_an_option: () => 'Válasszon a felsorolt lehetőségek közül.',
    too_few: ({ min }) => `Válasszon legalább ${min} lehetőséget.`,
    too_many: ({ max }) => `Legfeljebb ${max} választható.`,
    too_long: ({ max }) => `Legfeljebb ${max} karakter lehet.`,
    invalid: () => 'Ezt a választ nem tudtuk értelmezni; kérjük, válaszoljon újra.',
    not_shown: () => 'Ez a kérdés a korábbi válaszai alapján nem vonatkozik Önre.',
    unknown_question: () => 'Ez nem a kérdőív kérdése.',
  },
  defaults: {
    scaleLabels: {
      nps: { low: 'Egyáltalán nem valószínű', high: 'Nagyon valószínű' },
      csat: { low: 'Nagyon elégedetlen', high: 'Nagyon elégedett' },
      ces: { low: 'Nagyon nehéz', high: 'Nagyon könnyű' },
      moment_rating: { low: 'Nagyon rossz', high: 'Kiváló' },
    },
    servqualStatements: {
      tangibles: 'A helyiség, a berendezések és a munkatársak megjelenése rendezett és vonzó volt.',
      reliability: 'A szolgáltatást az ígért módon, elsőre hibátlanul kaptam meg.',
      responsiveness: 'A munkatársak segítőkészek voltak, és gyorsan kiszolgáltak.',
      assurance: 'A munkatársak hozzáértők és udvariasak voltak, megbízhattam bennük.',
      empathy: 'A munkatársak személyesen figyeltek rám, és megértették az igényeimet.',
    },
  },
};

export const surveyMessages: Record<Locale, SurveyMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW, ru, hu };

export function describeAnswerProblem(problem: Pick<AnswerProblem, 'code' | 'params'>, locale: Locale): string {
  return surveyMessages[locale].problems[problem.code](problem.params);
}
