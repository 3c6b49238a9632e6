import type { Locale } from '../platform/locales.ts';
import type { EscalationLevelName, NotificationKind, SlaDeadline } from './model.ts';

/*
 * E-mails the recovery room sends, in the five languages. Typed per kind, so a kind without a text in
 * one language is a compile error.
 */

export type EmailedKind = Extract<NotificationKind, 'case_assigned' | 'transfer_requested' | 'sla_breached' | 'case_escalated' | 'mentioned' | 'approval_requested' | 'follow_up_due'>;

export interface MailParams {
  name: string;
  summary: string;
  url: string;
  /** Who did it (the requester, the author of the note), when a person did. */
  who: string;
  /** The missed deadline, already translated. */
  deadline: string;
  /** The escalation level, already translated. */
  level: string;
  /** Compensation, formatted with its currency. */
  amount: string;
  /** A note's text or a transfer's reason. */
  text: string;
}

type Mail = (p: MailParams) => { subject: string; text: string };

interface Catalogue {
  mails: Record<EmailedKind, Mail>;
  deadlines: Record<SlaDeadline, string>;
  levels: Record<EscalationLevelName, string>;
  someone: string;
}

export const recoveryMessages: Record<Locale, Catalogue> = {
  en: {
    mails: {
      case_assigned: (p) => ({ subject: `New case for you: ${p.summary}`, text: `Hello ${p.name},\n\nA customer case is now yours to handle until it is closed:\n${p.summary}\n\nOpen it:\n${p.url}` }),
      transfer_requested: (p) => ({
        subject: `${p.who} asks you to take over a case`,
        text: `Hello ${p.name},\n\n${p.who} would like you to take over this case:\n${p.summary}\n${p.text ? `\nReason: ${p.text}\n` : ''}\nIt stays with its current owner until you accept. Open it:\n${p.url}`,
      }),
      sla_breached: (p) => ({ subject: `Deadline missed: ${p.summary}`, text: `Hello ${p.name},\n\nThe ${p.deadline} deadline of your case has passed:\n${p.summary}\n\nThe case has been escalated to the ${p.level}. Open it:\n${p.url}` }),
      case_escalated: (p) => ({ subject: `Escalated to you: ${p.summary}`, text: `Hello ${p.name},\n\nA case at your location has missed its ${p.deadline} deadline and is escalated to you (${p.level}):\n${p.summary}\n\nOpen it:\n${p.url}` }),
      mentioned: (p) => ({ subject: `${p.who} mentioned you in a case`, text: `Hello ${p.name},\n\n${p.who} mentioned you in a note on the case "${p.summary}":\n\n${p.text}\n\nOpen it:\n${p.url}` }),
      approval_requested: (p) => ({ subject: `Compensation of ${p.amount} needs your approval`, text: `Hello ${p.name},\n\n${p.who} proposes compensation of ${p.amount} on the case "${p.summary}", above their own limit. Please approve or reject it:\n${p.url}` }),
      follow_up_due: (p) => ({ subject: `Follow-up due today: ${p.summary}`, text: `Hello ${p.name},\n\nToday is the agreed follow-up date of your case:\n${p.summary}\n\nAsk the customer whether the solution worked:\n${p.url}` }),
    },
    deadlines: { first_response: 'first response', resolution: 'resolution', follow_up: 'follow-up' },
    levels: { none: 'owner', outlet_manager: 'outlet manager', regional: 'regional manager', central: 'central CX team' },
    someone: 'A colleague',
  },
  'zh-CN': {
    mails: {
      case_assigned: (p) => ({ subject: `您有一个新案件：${p.summary}`, text: `${p.name}，您好：\n\n以下客户案件现由您负责，直到结案为止：\n${p.summary}\n\n打开案件：\n${p.url}` }),
      transfer_requested: (p) => ({
        subject: `${p.who}请您接手一个案件`,
        text: `${p.name}，您好：\n\n${p.who}希望由您接手以下案件：\n${p.summary}\n${p.text ? `\n原因：${p.text}\n` : ''}\n在您接受之前，案件仍由原负责人处理。打开案件：\n${p.url}`,
      }),
      sla_breached: (p) => ({ subject: `已超时：${p.summary}`, text: `${p.name}，您好：\n\n您负责的案件已超过${p.deadline}时限：\n${p.summary}\n\n案件已升级至${p.level}。打开案件：\n${p.url}` }),
      case_escalated: (p) => ({ subject: `案件已升级给您：${p.summary}`, text: `${p.name}，您好：\n\n您所辖网点的一个案件已超过${p.deadline}时限，现升级给您（${p.level}）：\n${p.summary}\n\n打开案件：\n${p.url}` }),
      mentioned: (p) => ({ subject: `${p.who}在案件中提到了您`, text: `${p.name}，您好：\n\n${p.who}在案件“${p.summary}”的备注中提到了您：\n\n${p.text}\n\n打开案件：\n${p.url}` }),
      approval_requested: (p) => ({ subject: `${p.amount}的补偿需要您审批`, text: `${p.name}，您好：\n\n${p.who}在案件“${p.summary}”中提出了${p.amount}的补偿，超出其审批权限。请批准或驳回：\n${p.url}` }),
      follow_up_due: (p) => ({ subject: `今天需要回访：${p.summary}`, text: `${p.name}，您好：\n\n今天是您负责案件的约定回访日期：\n${p.summary}\n\n请询问客户解决方案是否有效：\n${p.url}` }),
    },
    deadlines: { first_response: '首次响应', resolution: '解决', follow_up: '回访' },
    levels: { none: '负责人', outlet_manager: '网点经理', regional: '区域经理', central: '总部客户体验团队' },
    someone: '一位同事',
  },
  'zh-TW': {
    mails: {
      case_assigned: (p) => ({ subject: `您有一個新案件：${p.summary}`, text: `${p.name}，您好：\n\n以下客戶案件現由您負責，直到結案為止：\n${p.summary}\n\n開啟案件：\n${p.url}` }),
      transfer_requested: (p) => ({
        subject: `${p.who}請您接手一個案件`,
        text: `${p.name}，您好：\n\n${p.who}希望由您接手以下案件：\n${p.summary}\n${p.text ? `\n原因：${p.text}\n` : ''}\n在您接受之前，案件仍由原負責人處理。開啟案件：\n${p.url}`,
      }),
      sla_breached: (p) => ({ subject: `已逾時：${p.summary}`, text: `${p.name}，您好：\n\n您負責的案件已超過${p.deadline}時限：\n${p.summary}\n\n案件已升級至${p.level}。開啟案件：\n${p.url}` }),
      case_escalated: (p) => ({ subject: `案件已升級給您：${p.summary}`, text: `${p.name}，您好：\n\n您所轄門市的一個案件已超過${p.deadline}時限，現升級給您（${p.level}）：\n${p.summary}\n\n開啟案件：\n${p.url}` }),
      mentioned: (p) => ({ subject: `${p.who}在案件中提到了您`, text: `${p.name}，您好：\n\n${p.who}在案件「${p.summary}」的備註中提到了您：\n\n${p.text}\n\n開啟案件：\n${p.url}` }),
      approval_requested: (p) => ({ subject: `${p.amount}的補償需要您核准`, text: `${p.name}，您好：\n\n${p.who}在案件「${p.summary}」中提出了${p.amount}的補償，超出其核准權限。請核准或駁回：\n${p.url}` }),
      follow_up_due: (p) => ({ subject: `今天需要回訪：${p.summary}`, text: `${p.name}，您好：\n\n今天是您負責案件的約定回訪日期：\n${p.summary}\n\n請詢問客戶解決方案是否有效：\n${p.url}` }),
    },
    deadlines: { first_response: '首次回應', resolution: '解決', follow_up: '回訪' },
    levels: { none: '負責人', outlet_manager: '門市經理', regional: '區域經理', central: '總公司客戶體驗團隊' },
    someone: '一位同事',
  },
  ru: {
    mails: {
      case_assigned: (p) => ({ subject: `Новое обращение для вас: ${p.summary}`, text: `Здравствуйте, ${p.name}!\n\nЭто обращение клиента теперь ваше — до его закрытия:\n${p.summary}\n\nОткрыть:\n${p.url}` }),
      transfer_requested: (p) => ({
        subject: `${p.who} просит вас принять обращение`,
        text: `Здравствуйте, ${p.name}!\n\n${p.who} предлагает вам принять обращение:\n${p.summary}\n${p.text ? `\nПричина: ${p.text}\n` : ''}\nПока вы не примете его, оно остаётся за текущим ответственным. Открыть:\n${p.url}`,
      }),
      sla_breached: (p) => ({ subject: `Срок нарушен: ${p.summary}`, text: `Здравствуйте, ${p.name}!\n\nПо вашему обращению истёк срок (${p.deadline}):\n${p.summary}\n\nОбращение передано на уровень выше: ${p.level}. Открыть:\n${p.url}` }),
      case_escalated: (p) => ({ subject: `Эскалация к вам: ${p.summary}`, text: `Здравствуйте, ${p.name}!\n\nПо обращению в вашем подразделении истёк срок (${p.deadline}), и оно передано вам (${p.level}):\n${p.summary}\n\nОткрыть:\n${p.url}` }),
      mentioned: (p) => ({ subject: `${p.who} упомянул(а) вас в обращении`, text: `Здравствуйте, ${p.name}!\n\n${p.who} упомянул(а) вас в заметке к обращению «${p.summary}»:\n\n${p.text}\n\nОткрыть:\n${p.url}` }),
      approval_requested: (p) => ({ subject: `Компенсация ${p.amount} ждёт вашего согласования`, text: `Здравствуйте, ${p.name}!\n\n${p.who} предлагает компенсацию ${p.amount} по обращению «${p.summary}» — больше своего лимита. Одобрите или отклоните её:\n${p.url}` }),
      follow_up_due: (p) => ({ subject: `Сегодня повторный контакт: ${p.summary}`, text: `Здравствуйте, ${p.name}!\n\nСегодня согласованный день повторного контакта по вашему обращению:\n${p.summary}\n\nУзнайте у клиента, помогло ли решение:\n${p.url}` }),
    },
    deadlines: { first_response: 'первый ответ', resolution: 'решение', follow_up: 'повторный контакт' },
    levels: { none: 'ответственный', outlet_manager: 'руководитель точки', regional: 'региональный руководитель', central: 'центральная CX-команда' },
    someone: 'Коллега',
  },
  hu: {
    mails: {
      case_assigned: (p) => ({ subject: `Új ügy Önnél: ${p.summary}`, text: `Kedves ${p.name}!\n\nEz az ügyfélügy mostantól az Öné, egészen a lezárásig:\n${p.summary}\n\nMegnyitás:\n${p.url}` }),
      transfer_requested: (p) => ({
        subject: `${p.who} arra kéri, vegyen át egy ügyet`,
        text: `Kedves ${p.name}!\n\n${p.who} szeretné, ha Ön venné át ezt az ügyet:\n${p.summary}\n${p.text ? `\nIndok: ${p.text}\n` : ''}\nAmíg el nem fogadja, az ügy a jelenlegi felelősénél marad. Megnyitás:\n${p.url}`,
      }),
      sla_breached: (p) => ({ subject: `Lejárt határidő: ${p.summary}`, text: `Kedves ${p.name}!\n\nLejárt az ügye határideje (${p.deadline}):\n${p.summary}\n\nAz ügy magasabb szintre került: ${p.level}. Megnyitás:\n${p.url}` }),
      case_escalated: (p) => ({ subject: `Eszkalálva Önhöz: ${p.summary}`, text: `Kedves ${p.name}!\n\nAz Ön területén egy ügy határideje lejárt (${p.deadline}), ezért Önhöz került (${p.level}):\n${p.summary}\n\nMegnyitás:\n${p.url}` }),
      mentioned: (p) => ({ subject: `${p.who} megemlítette Önt egy ügyben`, text: `Kedves ${p.name}!\n\n${p.who} megemlítette Önt „${p.summary}” ügy egyik jegyzetében:\n\n${p.text}\n\nMegnyitás:\n${p.url}` }),
      approval_requested: (p) => ({ subject: `${p.amount} kárpótlás jóváhagyásra vár`, text: `Kedves ${p.name}!\n\n${p.who} ${p.amount} kárpótlást javasol „${p.summary}” ügyben, ami meghaladja a saját keretét. Kérjük, hagyja jóvá vagy utasítsa el:\n${p.url}` }),
      follow_up_due: (p) => ({ subject: `Ma esedékes a visszakeresés: ${p.summary}`, text: `Kedves ${p.name}!\n\nMa van az ügye megbeszélt visszakeresési napja:\n${p.summary}\n\nKérdezze meg az ügyfelet, bevált-e a megoldás:\n${p.url}` }),
    },
    deadlines: { first_response: 'első válasz', resolution: 'megoldás', follow_up: 'visszakeresés' },
    levels: { none: 'felelős', outlet_manager: 'egységvezető', regional: 'regionális vezető', central: 'központi ügyfélélmény-csapat' },
    someone: 'Egy kolléga',
  },
};

export function isEmailedKind(kind: NotificationKind): kind is EmailedKind {
  return kind in recoveryMessages.en.mails;
}
