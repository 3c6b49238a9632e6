import type { Locale } from '../platform/locales.ts';

/*
 * What customers read in a survey invitation (e-mail, SMS) and on the unsubscribe page, in the five
 * languages. Typed per language, so a missing translation is a compile error. Customers are addressed
 * formally (Hungarian "Ön", Russian "вы"). SMS texts are short on purpose: Chinese and Russian go as
 * UCS-2 (70 characters a segment) and the link alone takes about 100.
 */

export interface InvitationMessages {
  emailSubject: (organization: string) => string;
  greeting: (name: string | null) => string;
  emailIntro: (organization: string) => string;
  emailButton: string;
  emailValidUntil: (date: string) => string;
  emailWhy: (organization: string) => string;
  unsubscribeLink: string;
  sms: (organization: string, url: string) => string;
  unsubscribeTitle: string;
  unsubscribeQuestion: (organization: string, channel: 'email' | 'sms') => string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: (organization: string, channel: 'email' | 'sms') => string;
  invalidTitle: string;
  invalidBody: string;
}

const en: InvitationMessages = {
  emailSubject: (organization) => `${organization} would like to hear how it went`,
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  emailIntro: (organization) => `Thank you for choosing ${organization}. Would you tell us how your visit went? It takes about two minutes.`,
  emailButton: 'Answer the survey',
  emailValidUntil: (date) => `The link is valid until ${date}.`,
  emailWhy: (organization) => `You are receiving this e-mail because you were recently a customer of ${organization}.`,
  unsubscribeLink: 'Unsubscribe from survey invitations',
  sms: (organization, url) => `${organization}: how was your visit? Tell us in 2 minutes: ${url}`,
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeQuestion: (organization, channel) => `Stop receiving survey invitations from ${organization} by ${channel === 'email' ? 'e-mail' : 'text message'}?`,
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedBody: (organization, channel) => `${organization} will not send you survey invitations by ${channel === 'email' ? 'e-mail' : 'text message'} any more.`,
  invalidTitle: 'This link does not work',
  invalidBody: 'Please check that the whole link was copied, or open it again from the message you received.',
};

const zhCN: InvitationMessages = {
  emailSubject: (organization) => `${organization}想听听您的体验`,
  greeting: (name) => (name ? `${name}，您好：` : '您好：'),
  emailIntro: (organization) => `感谢您选择${organization}。能告诉我们您这次的体验如何吗？大约只需两分钟。`,
  emailButton: '填写问卷',
  emailValidUntil: (date) => `链接有效期至${date}。`,
  emailWhy: (organization) => `您收到这封邮件，是因为您最近在${organization}办理过业务。`,
  unsubscribeLink: '退订问卷邀请',
  sms: (organization, url) => `【${organization}】您对本次服务满意吗？欢迎花2分钟评价：${url}`,
  unsubscribeTitle: '退订',
  unsubscribeQuestion: (organization, channel) => `不再通过${channel === 'email' ? '电子邮件' : '短信'}接收${organization}的问卷邀请？`,
  unsubscribeButton: '确认退订',
  unsubscribedTitle: '您已退订',
  unsubscribedBody: (organization, channel) => `${organization}将不再通过${channel === 'email' ? '电子邮件' : '短信'}向您发送问卷邀请。`,
  invalidTitle: '此链接无效',
  invalidBody: '请确认复制了完整的链接，或从您收到的消息中重新打开。',
};

const zhTW: InvitationMessages = {
  emailSubject: (organization) => `${organization}想聽聽您的體驗`,
  greeting: (name) => (name ? `${name}，您好：` : '您好：'),
  emailIntro: (organization) => `感謝您選擇${organization}。能告訴我們您這次的體驗如何嗎？大約只需兩分鐘。`,
  emailButton: '填寫問卷',
  emailValidUntil: (date) => `連結有效期限至${date}。`,
  emailWhy: (organization) => `您收到這封郵件，是因為您最近在${organization}辦理過業務。`,
  unsubscribeLink: '取消訂閱問卷邀請',
  sms: (organization, url) => `【${organization}】您對本次服務滿意嗎？歡迎花2分鐘評價：${url}`,
  unsubscribeTitle: '取消訂閱',
  unsubscribeQuestion: (organization, channel) => `不再透過${channel === 'email' ? '電子郵件' : '簡訊'}接收${organization}的問卷邀請？`,
  unsubscribeButton: '確認取消訂閱',
  unsubscribedTitle: '您已取消訂閱',
  unsubscribedBody: (organization, channel) => `${organization}將不再透過${channel === 'email' ? '電子郵件' : '簡訊'}寄送問卷邀請給您。`,
  invalidTitle: '此連結無效',
  invalidBody: '請確認複製了完整的連結，或從您收到的訊息中重新開啟。',
};

const ru: InvitationMessages = {
  emailSubject: (organization) => `${organization}: расскажите, как всё прошло`,
  greeting: (name) => (name ? `Здравствуйте, ${name}!` : 'Здравствуйте!'),
  emailIntro: (organization) => `Спасибо, что выбрали ${organization}. Расскажите, пожалуйста, как прошёл ваш визит? Это займёт около двух минут.`,
  emailButton: 'Ответить на вопросы',
  emailValidUntil: (date) => `Ссылка действительна до ${date}.`,
  emailWhy: (organization) => `Вы получили это письмо, потому что недавно обращались в ${organization}.`,
  unsubscribeLink: 'Отписаться от приглашений к опросам',
  sms: (organization, url) => `${organization}: как прошёл ваш визит? Ответьте за 2 минуты: ${url}`,
  unsubscribeTitle: 'Отписка',
  unsubscribeQuestion: (organization, channel) => `Больше не получать приглашения к опросам от ${organization} ${channel === 'email' ? 'по электронной почте' : 'в SMS'}?`,
  unsubscribeButton: 'Отписаться',
  unsubscribedTitle: 'Вы отписались',
  unsubscribedBody: (organization, channel) => `${organization} больше не будет присылать вам приглашения к опросам ${channel === 'email' ? 'по электронной почте' : 'в SMS'}.`,
  invalidTitle: 'Ссылка не работает',
  invalidBody: 'Проверьте, что ссылка скопирована целиком, или откройте её снова из полученного сообщения.',
};

const hu: InvitationMessages = {
  emailSubject: (organization) => `${organization}: kíváncsiak vagyunk, hogyan sikerült`,
  greeting: (name) => (name ? `Kedves ${name}!` : 'Tisztelt Ügyfelünk!'),
  emailIntro: (organization) => `Köszönjük, hogy a(z) ${organization} szolgáltatását választotta. Elmondaná, milyen volt a látogatása? Körülbelül két percet vesz igénybe.`,
  emailButton: 'Kitöltöm a kérdőívet',
  // "2026. december 24." + "-ig" is written "2026. december 24-ig".
  emailValidUntil: (date) => `A link ${date.replace(/\.$/, '')}-ig érvényes.`,
  emailWhy: (organization) => `Azért kapta ezt az e-mailt, mert nemrég a(z) ${organization} ügyfele volt.`,
  unsubscribeLink: 'Leiratkozás a kérdőív-meghívókról',
  sms: (organization, url) => `${organization}: milyen volt a látogatása? Válaszoljon 2 perc alatt: ${url}`,
  unsubscribeTitle: 'Leiratkozás',
  unsubscribeQuestion: (organization, channel) => `Nem kér több kérdőív-meghívót a(z) ${organization} részéről ${channel === 'email' ? 'e-mailben' : 'SMS-ben'}?`,
  unsubscribeButton: 'Leiratkozom',
  unsubscribedTitle: 'Sikeresen leiratkozott',
  unsubscribedBody: (organization, channel) => `A(z) ${organization} nem küld Önnek több kérdőív-meghívót ${channel === 'email' ? 'e-mailben' : 'SMS-ben'}.`,
  invalidTitle: 'Ez a link nem működik',
  invalidBody: 'Kérjük, ellenőrizze, hogy a teljes linket másolta-e ki, vagy nyissa meg újra a kapott üzenetből.',
};

export const invitationMessages: Record<Locale, InvitationMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW, ru, hu };
