import { registerNotificationKinds, type NotificationKindDefinition, type RenderContext } from '../notifications/index.ts';
import type { Locale } from '../platform/locales.ts';
import { isEmailedKind, recoveryMessages, type MailParams } from './messages.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from './model.ts';

/*
 * The recovery room's kinds in the shared inbox (`recovery.<kind>`): the inbox line in five languages
 * and, for the kinds worth it, the e-mail (messages.ts). `data` carries the case summary and who did it.
 */

type Title = (who: string) => string;

const TITLES: Record<Locale, Record<NotificationKind, Title>> = {
  en: {
    case_assigned: () => `A case was assigned to you`,
    transfer_requested: (w) => `${w} offered you a case`,
    transfer_accepted: (w) => `${w} accepted the transfer`,
    transfer_declined: (w) => `${w} declined the transfer`,
    sla_breached: () => `A deadline was missed`,
    case_escalated: () => `A case was escalated to you`,
    mentioned: (w) => `${w} mentioned you`,
    approval_requested: () => `Compensation needs your approval`,
    compensation_decided: (w) => `${w} decided on the compensation`,
    follow_up_due: () => `A follow-up is due today`,
    case_reopened: () => `A case was reopened`,
  },
  'zh-CN': {
    case_assigned: () => `有工单分配给您`,
    transfer_requested: (w) => `${w} 向您转交了一个工单`,
    transfer_accepted: (w) => `${w} 接受了转交`,
    transfer_declined: (w) => `${w} 拒绝了转交`,
    sla_breached: () => `有工单超过时限`,
    case_escalated: () => `有工单升级给您`,
    mentioned: (w) => `${w} 提及了您`,
    approval_requested: () => `有补偿需要您审批`,
    compensation_decided: (w) => `${w} 已审批补偿`,
    follow_up_due: () => `今天有回访到期`,
    case_reopened: () => `有工单被重新打开`,
  },
  'zh-TW': {
    case_assigned: () => `有工單分配給您`,
    transfer_requested: (w) => `${w} 向您轉交了一個工單`,
    transfer_accepted: (w) => `${w} 接受了轉交`,
    transfer_declined: (w) => `${w} 拒絕了轉交`,
    sla_breached: () => `有工單超過時限`,
    case_escalated: () => `有工單升級給您`,
    mentioned: (w) => `${w} 提及了您`,
    approval_requested: () => `有補償需要您審批`,
    compensation_decided: (w) => `${w} 已審批補償`,
    follow_up_due: () => `今天有回訪到期`,
    case_reopened: () => `有工單被重新開啟`,
  },
  ru: {
    case_assigned: () => `Вам назначено обращение`,
    transfer_requested: (w) => `${w} предлагает вам обращение`,
    transfer_accepted: (w) => `${w} принял(а) передачу`,
    transfer_declined: (w) => `${w} отклонил(а) передачу`,
    sla_breached: () => `Срок нарушен`,
    case_escalated: () => `Вам эскалировано обращение`,
    mentioned: (w) => `${w} упомянул(а) вас`,
    approval_requested: () => `Компенсация ждёт вашего утверждения`,
    compensation_decided: (w) => `${w} принял(а) решение по компенсации`,
    follow_up_due: () => `Сегодня срок повторного контакта`,
    case_reopened: () => `Обращение открыто повторно`,
  },
  hu: {
    case_assigned: () => `Ügyet kapott`,
    transfer_requested: (w) => `${w} ügyet ajánlott fel Önnek`,
    transfer_accepted: (w) => `${w} elfogadta az átadást`,
    transfer_declined: (w) => `${w} elutasította az átadást`,
    sla_breached: () => `Egy határidő lejárt`,
    case_escalated: () => `Egy ügyet Önhöz eszkaláltak`,
    mentioned: (w) => `${w} megemlítette Önt`,
    approval_requested: () => `Kompenzáció vár a jóváhagyására`,
    compensation_decided: (w) => `${w} döntött a kompenzációról`,
    follow_up_due: () => `Ma esedékes egy utánkövetés`,
    case_reopened: () => `Egy ügyet újranyitottak`,
  },
};

function formatMoney(amount: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

function mailParams(context: RenderContext): MailParams {
  const catalogue = recoveryMessages[context.locale];
  const data = context.data;
  return {
    name: context.recipientName,
    summary: String(data.summary ?? ''),
    url: context.url,
    who: context.nameOf(data.byUserId) ?? catalogue.someone,
    deadline: typeof data.deadline === 'string' && data.deadline in catalogue.deadlines ? catalogue.deadlines[data.deadline as keyof typeof catalogue.deadlines] : '',
    level: typeof data.levelName === 'string' && data.levelName in catalogue.levels ? catalogue.levels[data.levelName as keyof typeof catalogue.levels] : '',
    amount: typeof data.cost === 'number' && typeof data.currency === 'string' ? formatMoney(data.cost, data.currency, context.locale) : '',
    text: String(data.text ?? ''),
  };
}

export const RECOVERY_NOTIFICATION_PREFIX = 'recovery.';

function definitionOf(kind: NotificationKind): NotificationKindDefinition {
  return {
    email: isEmailedKind(kind),
    render: (context) => ({
      title: TITLES[context.locale][kind](context.nameOf(context.data.byUserId) ?? recoveryMessages[context.locale].someone),
      ...(typeof context.data.summary === 'string' ? { body: context.data.summary } : {}),
    }),
    ...(isEmailedKind(kind) ? { mail: (context: RenderContext) => recoveryMessages[context.locale].mails[kind](mailParams(context)) } : {}),
  };
}

registerNotificationKinds(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [`${RECOVERY_NOTIFICATION_PREFIX}${kind}`, definitionOf(kind)])));
