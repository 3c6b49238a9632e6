import { plainMail, registerNotificationKinds, textIn, type NotificationKindDefinition, type RenderContext } from '../notifications/index.ts';
import type { Locale } from '../platform/locales.ts';
import { NOTIFICATION_KINDS } from './schema.ts';

/*
 * The audits room's kinds in the shared inbox (`audits.<kind>`), in five languages. `data` carries the
 * action's item text (a per-language map, as stored on the action) and its due date, or the run id.
 * Assignments and overdue actions are also e-mailed; a reopened action is shown in the app only (its
 * owner already had the assignment mail, and the audit run that reopened it is on the action).
 */

export type AuditNotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const AUDIT_NOTIFICATION_PREFIX = 'audits.';

const TITLES: Record<Locale, Record<AuditNotificationKind, string>> = {
  en: {
    run_assigned: 'An audit was assigned to you',
    action_assigned: 'A corrective action was assigned to you',
    action_reopened: 'A corrective action was reopened: the audit found the problem again',
    action_overdue: 'A corrective action is overdue',
  },
  'zh-CN': {
    run_assigned: '有一项审核分配给您',
    action_assigned: '有一项整改措施分配给您',
    action_reopened: '整改措施被重新打开：审核再次发现了问题',
    action_overdue: '整改措施已逾期',
  },
  'zh-TW': {
    run_assigned: '有一項稽核分配給您',
    action_assigned: '有一項矯正措施分配給您',
    action_reopened: '矯正措施被重新開啟：稽核再次發現了問題',
    action_overdue: '矯正措施已逾期',
  },
  ru: {
    run_assigned: 'Вам назначен аудит',
    action_assigned: 'Вам назначено корректирующее действие',
    action_reopened: 'Корректирующее действие открыто снова: аудит опять нашёл проблему',
    action_overdue: 'Корректирующее действие просрочено',
  },
  hu: {
    run_assigned: 'Auditot osztottak ki Önnek',
    action_assigned: 'Javító intézkedést osztottak ki Önnek',
    action_reopened: 'Egy javító intézkedést újranyitottak: az audit ismét megtalálta a hibát',
    action_overdue: 'Egy javító intézkedés határideje lejárt',
  },
};

const DUE: Record<Locale, string> = { en: 'due', 'zh-CN': '截止', 'zh-TW': '截止', ru: 'срок', hu: 'határidő' };

function bodyOf(context: RenderContext): string | undefined {
  const title = textIn(context.data.title, context.locale);
  const due = typeof context.data.dueAt === 'string' ? new Date(context.data.dueAt) : undefined;
  const dueText = due && !Number.isNaN(due.getTime()) ? `${DUE[context.locale]} ${new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium' }).format(due)}` : '';
  const parts = [title, dueText].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function definitionOf(kind: AuditNotificationKind): NotificationKindDefinition {
  const render = (context: RenderContext) => {
    const body = bodyOf(context);
    return { title: TITLES[context.locale][kind], ...(body ? { body } : {}) };
  };
  const email = kind !== 'action_reopened';
  return { email, render, ...(email ? { mail: (context: RenderContext) => plainMail(context, render(context)) } : {}) };
}

registerNotificationKinds(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [`${AUDIT_NOTIFICATION_PREFIX}${kind}`, definitionOf(kind)])));
