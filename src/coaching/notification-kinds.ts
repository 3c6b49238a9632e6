import { registerNotificationKinds, type NotificationMail, type NotificationTexts, type RenderContext } from '../notifications/index.ts';
import type { Locale } from '../platform/locales.ts';

/*
 * The coaching room's kind in the shared inbox: `coaching.recognition`, a compliment from a customer or
 * praise from a manager reaching the staff member it names (audience `staff`) and their manager
 * (`manager`). It is e-mailed to both in their own language (issue #10). `data` carries the recognition's
 * kind, the staff member's name, the customer's words or the manager's note, and who gave the praise.
 */

export const RECOGNITION_NOTIFICATION_KIND = 'coaching.recognition';

interface Words {
  complimentYou: string;
  complimentStaff: (staff: string) => string;
  praiseYou: (who: string) => string;
  praiseStaff: (who: string, staff: string) => string;
  someone: string;
  greeting: (name: string) => string;
  keepItUp: string;
  tellThem: string;
  open: string;
}

const WORDS: Record<Locale, Words> = {
  en: {
    complimentYou: 'A customer complimented you',
    complimentStaff: (staff) => `A customer complimented ${staff}`,
    praiseYou: (who) => `${who} praised you`,
    praiseStaff: (who, staff) => `${who} praised ${staff}`,
    someone: 'A manager',
    greeting: (name) => `Hello ${name},`,
    keepItUp: 'Thank you: this is what makes customers come back.',
    tellThem: 'A word from you makes it count twice: tell them.',
    open: 'See the recognition board:',
  },
  'zh-CN': {
    complimentYou: '有客户表扬了您',
    complimentStaff: (staff) => `有客户表扬了${staff}`,
    praiseYou: (who) => `${who}赞赏了您`,
    praiseStaff: (who, staff) => `${who}赞赏了${staff}`,
    someone: '一位经理',
    greeting: (name) => `${name}，您好：`,
    keepItUp: '谢谢您：正是这样的服务让客户再次光临。',
    tellThem: '您的一句肯定会让这份表扬加倍：请告诉他们。',
    open: '查看表彰榜：',
  },
  'zh-TW': {
    complimentYou: '有客戶表揚了您',
    complimentStaff: (staff) => `有客戶表揚了${staff}`,
    praiseYou: (who) => `${who}讚賞了您`,
    praiseStaff: (who, staff) => `${who}讚賞了${staff}`,
    someone: '一位經理',
    greeting: (name) => `${name}，您好：`,
    keepItUp: '謝謝您：正是這樣的服務讓客戶再次光臨。',
    tellThem: '您的一句肯定會讓這份表揚加倍：請告訴他們。',
    open: '查看表揚榜：',
  },
  ru: {
    complimentYou: 'Клиент поблагодарил вас',
    complimentStaff: (staff) => `Клиент поблагодарил сотрудника: ${staff}`,
    praiseYou: (who) => `${who}: похвала для вас`,
    praiseStaff: (who, staff) => `${who}: похвала для сотрудника ${staff}`,
    someone: 'Руководитель',
    greeting: (name) => `Здравствуйте, ${name}!`,
    keepItUp: 'Спасибо: именно поэтому клиенты возвращаются.',
    tellThem: 'Ваше слово удвоит эффект: скажите сотруднику об этом.',
    open: 'Доска признания:',
  },
  hu: {
    complimentYou: 'Egy ügyfél megdicsérte Önt',
    complimentStaff: (staff) => `Egy ügyfél megdicsérte: ${staff}`,
    praiseYou: (who) => `${who} megdicsérte Önt`,
    praiseStaff: (who, staff) => `${who} megdicsérte: ${staff}`,
    someone: 'Egy vezető',
    greeting: (name) => `Kedves ${name}!`,
    keepItUp: 'Köszönjük: ettől térnek vissza az ügyfelek.',
    tellThem: 'Egy szó Öntől kétszer annyit ér: mondja el neki.',
    open: 'Az elismerési tábla:',
  },
};

function render(context: RenderContext): NotificationTexts {
  const words = WORDS[context.locale];
  const data = context.data;
  const staff = typeof data.staffName === 'string' && data.staffName ? data.staffName : String(data.staffId ?? '');
  const toStaff = data.audience !== 'manager';
  const who = context.nameOf(data.givenBy) ?? words.someone;
  const title =
    data.recognitionKind === 'praise'
      ? toStaff
        ? words.praiseYou(who)
        : words.praiseStaff(who, staff)
      : toStaff
        ? words.complimentYou
        : words.complimentStaff(staff);
  const said = typeof data.quote === 'string' && data.quote ? data.quote : typeof data.note === 'string' ? data.note : '';
  return { title, ...(said ? { body: `“${said}”` } : {}) };
}

function mail(context: RenderContext): NotificationMail {
  const words = WORDS[context.locale];
  const texts = render(context);
  const closing = context.data.audience === 'manager' ? words.tellThem : words.keepItUp;
  return {
    subject: texts.title,
    text: `${words.greeting(context.recipientName)}\n\n${texts.title}${texts.body ? `\n\n${texts.body}` : ''}\n\n${closing}\n\n${words.open}\n${context.url}`,
  };
}

registerNotificationKinds({ [RECOGNITION_NOTIFICATION_KIND]: { email: true, render, mail } });
