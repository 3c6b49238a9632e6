import type PgBoss from 'pg-boss';
import { actorCan, listLocationSubtreeIds, type Actor, type Role } from '../access/index.ts';
import { findEffectiveMoment, findPublishedMoment } from '../journeys/index.ts';
import type { Database, Db } from '../platform/database.ts';
import { badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import type { Mailer } from '../platform/mail.ts';
import {
  ESCALATION_LEVELS,
  decide,
  decideFollowUpSurvey,
  decideSlaWork,
  dueSlaWork,
  evaluateRecoveryRules,
  isWorkingRole,
  pendingTimers,
  refusal,
  type CaseChannel,
  type CaseCommand,
  type CaseReason,
  type DecideContext,
  type FollowUpScore,
  type MomentOutcome,
  type Relation,
  type RuleAssignment,
  type TimerKind,
} from './model.ts';
import { deliverNotificationEmails } from '../notifications/index.ts';
import { deliverWebhooks } from './webhooks.ts';
import {
  SYSTEM,
  addParticipants,
  applyTransition,
  calendarFor,
  loadMembers,
  approversFor,
  findCase,
  findEscalationTarget,
  findOpenCaseOfVisit,
  insertCase,
  insertEvents,
  insertNotifications,
  isParticipant,
  listCases,
  loadCasesWithTimersDue,
  loadRecoveryRules,
  loadRecoverySettings,
  lockCase,
  ownerForRule,
  type ActorRef,
  type CaseRow,
  type CaseVisibility,
  type NewCase,
  type NotificationDraft,
  type OpenOutcome,
  type RecoverySettings,
} from './store.ts';

/*
 * The use cases of the recovery room: each runs its reads and writes in one transaction (the case
 * row locked), then, after the commit, schedules the case's SLA timers on the job queue and sends the
 * e-mails waiting in the notification outbox. Those two after-commit steps are best effort on
 * purpose: the timers are also found by the once-a-minute sweeper (cases.next_timer_at) and the
 * e-mails stay in the outbox until sent, so a crash between commit and send loses nothing.
 */

export const SLA_QUEUE = 'recovery.sla';
export const SWEEP_QUEUE = 'recovery.sweep';

/**
 * Sends the automatic re-survey of a follow-up (main.ts wires the feedback room's
 * sendFollowUpInvitation): an invitation to `surveyKey` (the recovery setting) with the external id
 * `recovery:<caseId>`, so its answer is recognised as the case's follow-up score.
 */
export type FollowUpSurveySender = (request: {
  orgId: string;
  caseId: string;
  surveyKey: string;
  customerRef: string | null;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
  locationId: string | null;
  journeyKey: string | null;
  momentKey: string | null;
}) => Promise<void>;

export interface RecoveryDeps {
  database: Database;
  mailer: Mailer;
  now: () => Date;
  publicUrl: string;
  log: { error(object: unknown, message: string): void };
  /** Set by registerRecoveryJobs once the queue runs; until then timers wait for a sweeper. */
  queue: PgBoss | undefined;
  followUpSurveySender: FollowUpSurveySender | undefined;
}

export function createRecoveryDeps(input: Omit<RecoveryDeps, 'queue' | 'followUpSurveySender'> & { followUpSurveySender?: FollowUpSurveySender }): RecoveryDeps {
  return { ...input, queue: undefined, followUpSurveySender: input.followUpSurveySender };
}

// ---------- who is asking ----------

/** The actor as the recovery room sees them. */
export interface Viewer {
  actor: Actor;
  userId: string | null;
  role: Role | null;
  /** Location ids of the person's scope; undefined = the whole organisation. */
  locationIds: string[] | undefined;
  canWork: boolean;
  canManage: boolean;
}

export async function viewerOf(db: Db, actor: Actor): Promise<Viewer> {
  const scoped = actor.kind === 'user' && actor.locationScope !== null;
  return {
    actor,
    userId: actor.kind === 'user' ? actor.userId : null,
    role: actor.kind === 'user' ? actor.role : null,
    locationIds: scoped ? await listLocationSubtreeIds(db, actor.orgId, actor.locationScope!) : undefined,
    canWork: actorCan(actor, 'cases.work'),
    canManage: actorCan(actor, 'cases.manage'),
  };
}

/** Frontline staff see the cases they take part in and their team queue; others their scope. */
export function visibilityOf(viewer: Viewer): CaseVisibility {
  if (viewer.userId === null) return {};
  if (viewer.role === 'agent') return { participantOrQueueOf: viewer.userId, ...(viewer.locationIds ? { locationIds: viewer.locationIds } : {}) };
  return viewer.locationIds ? { locationIds: viewer.locationIds, participant: viewer.userId } : {};
}

function inScope(viewer: Viewer, row: CaseRow): boolean {
  return viewer.locationIds === undefined || (row.locationId !== null && viewer.locationIds.includes(row.locationId));
}

/** A case the viewer may not see answers 404, exactly like a missing one. */
export async function assertVisible(db: Db, viewer: Viewer, row: CaseRow): Promise<void> {
  if (viewer.userId === null) return;
  const queued = viewer.role === 'agent' ? row.ownerId === null && inScope(viewer, row) : inScope(viewer, row);
  if (queued || (await isParticipant(db, viewer.actor.orgId, row.caseId, viewer.userId))) return;
  throw new NotFoundError('Case');
}

export function relationOf(viewer: Viewer, row: CaseRow, settings: RecoverySettings): Relation {
  const limit = viewer.role && isWorkingRole(viewer.role) ? settings.approval.limits[viewer.role] : 0;
  return {
    userId: viewer.userId,
    canWork: viewer.canWork,
    canManage: viewer.canManage && inScope(viewer, row),
    // An API key never grants compensation on its own: a person approves anything that costs money.
    approvalLimit: viewer.userId === null ? 0 : limit,
  };
}

export function actorRefOf(actor: Actor): ActorRef {
  return actor.kind === 'user' ? { kind: 'user', id: actor.userId } : { kind: 'api_key', id: actor.apiKeyId };
}

// ---------- after the commit ----------

interface Effects {
  orgId: string;
  rows: CaseRow[];
  notificationIds: string[];
  surveys?: CaseRow[];
}

async function afterCommit(deps: RecoveryDeps, effects: Effects): Promise<void> {
  try {
    await scheduleTimers(deps, effects.orgId, effects.rows);
  } catch (error) {
    deps.log.error({ err: error }, 'case timers could not be scheduled; the sweeper will pick them up');
  }
  try {
    await deliverEmails(deps, { orgId: effects.orgId, ids: effects.notificationIds, limit: effects.notificationIds.length });
  } catch (error) {
    deps.log.error({ err: error }, 'notification e-mails could not be sent now; the sweeper retries them');
  }
  try {
    await deliverWebhooks(deps.database.db, deps.now, { orgId: effects.orgId, limit: 50 });
  } catch (error) {
    deps.log.error({ err: error }, 'webhooks could not be delivered now; the sweeper retries them');
  }
  // Without a re-survey survey chosen in the settings, the follow-up stays a manual call or e-mail.
  let surveyKey: string | null | undefined;
  for (const row of effects.surveys ?? []) {
    if (!deps.followUpSurveySender) continue;
    try {
      surveyKey ??= (await loadRecoverySettings(deps.database.db, effects.orgId)).followUpSurveyKey;
      if (surveyKey === null) continue;
      await deps.followUpSurveySender({
        orgId: effects.orgId,
        caseId: row.caseId,
        surveyKey,
        customerRef: row.customerRef,
        customerName: row.customerName,
        customerEmail: row.customerEmail,
        customerPhone: row.customerPhone,
        locationId: row.locationId,
        journeyKey: row.journeyKey,
        momentKey: row.momentKey,
      });
    } catch (error) {
      deps.log.error({ err: error, caseId: row.caseId }, 'the follow-up survey could not be sent');
    }
  }
}

export interface SlaJob {
  orgId: string;
  caseId: string;
  kind: TimerKind;
  dueAt: string;
}

/**
 * One delayed job per case and deadline, at the deadline. The singleton key (a `stately` queue)
 * makes rescheduling the same deadline a no-op; a deadline that moved gets a job of its own and the
 * old one finds nothing to do.
 */
export async function scheduleTimers(deps: RecoveryDeps, orgId: string, rows: readonly CaseRow[]): Promise<void> {
  const queue = deps.queue;
  if (!queue) return;
  for (const row of rows) {
    for (const timer of pendingTimers(row)) {
      const dueAt = timer.dueAt.toISOString();
      const job: SlaJob = { orgId, caseId: row.caseId, kind: timer.kind, dueAt };
      await queue.sendAfter(SLA_QUEUE, job, { singletonKey: `${orgId}:${row.caseId}:${timer.kind}:${dueAt}` }, timer.dueAt);
    }
  }
}

/** Sends e-mails waiting in the shared outbox (the ones named, or any when swept). */
export async function deliverEmails(deps: RecoveryDeps, options: { orgId?: string; ids?: readonly string[]; limit: number }): Promise<number> {
  return deliverNotificationEmails(deps, options);
}

// ---------- opening cases ----------

export interface OpenCaseInput {
  reason?: CaseReason;
  channel: CaseChannel;
  summary: string;
  customerWords?: string | null;
  externalId?: string | null;
  customerRef?: string | null;
  customerName?: string | null;
  customerPhone?: string | null;
  customerEmail?: string | null;
  visitId?: string | null;
  journeyKey?: string | null;
  momentKey?: string | null;
  locationId?: string | null;
  staffRef?: string | null;
  /** API keys may name the owner; a person logging a complaint owns it (first contact). */
  ownerId?: string | null;
  /** The survey response the case is about (reaching out to a silent detractor). */
  responseId?: string | null;
}

function notificationData(row: CaseRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { summary: row.summary, ...extra };
}

/** A complaint logged by staff (the logger owns it) or sent by API (the named owner or the outlet's manager). */
export async function openCase(deps: RecoveryDeps, viewer: Viewer, input: OpenCaseInput): Promise<OpenOutcome> {
  const orgId = viewer.actor.orgId;
  const now = deps.now();
  const result = await deps.database.db.transaction(async (tx) => {
    const locationId = input.locationId ?? null;
    if (locationId !== null && viewer.locationIds && !viewer.locationIds.includes(locationId)) throw new NotFoundError('Location');
    const placement = await placeCase(tx, orgId, input, locationId);
    let ownerId: string | null;
    if (viewer.userId !== null) {
      if (input.ownerId && input.ownerId !== viewer.userId) throw badRequest('ownerId', 'a person who logs a complaint owns it; transfer it afterwards if someone else should');
      ownerId = viewer.canWork ? viewer.userId : null;
    } else if (input.ownerId) {
      const [owner] = await loadMembers(tx, orgId, [input.ownerId]);
      if (!owner || !isWorkingRole(owner.role)) throw badRequest('ownerId', 'ownerId must be an active member who works cases');
      ownerId = owner.userId;
    } else {
      ownerId = await ownerForRule(tx, orgId, locationId, 'outlet_manager', input.staffRef ?? null);
    }
    const settings = await loadRecoverySettings(tx, orgId);
    const calendar = await calendarFor(tx, orgId, locationId, settings);
    const newCase: NewCase = {
      ...input,
      ...placement,
      source: viewer.userId === null ? 'api' : 'staff',
      reason: input.reason ?? 'complaint',
      locationId,
      ownerId,
      createdBy: viewer.userId,
    };
    const opened = await insertCase(tx, orgId, newCase, { now, policy: settings.slaPolicy, calendar, actor: actorRefOf(viewer.actor) });
    const drafts: NotificationDraft[] = [];
    if (opened.outcome === 'created' && ownerId !== null && ownerId !== viewer.userId) {
      drafts.push({ userId: ownerId, kind: 'case_assigned', caseId: opened.row.caseId, data: notificationData(opened.row, { byUserId: viewer.userId }) });
    }
    return { opened, notificationIds: await insertNotifications(tx, orgId, drafts, now) };
  });
  await afterCommit(deps, { orgId, rows: [result.opened.row], notificationIds: result.notificationIds });
  return result.opened;
}

/** The moment a complaint is about must exist in the journey (as published, with the outlet's additions). */
async function placeCase(db: Db, orgId: string, input: OpenCaseInput, locationId: string | null): Promise<Pick<NewCase, 'journeyKey' | 'journeyVersion' | 'momentKey'>> {
  if (input.momentKey && !input.journeyKey) throw badRequest('journeyKey', 'journeyKey is required with momentKey');
  if (!input.journeyKey || !input.momentKey) return { journeyKey: input.journeyKey ?? null, journeyVersion: null, momentKey: null };
  const found = locationId
    ? await findEffectiveMoment(db, orgId, input.journeyKey, input.momentKey, locationId)
    : await findPublishedMoment(db, orgId, input.journeyKey, input.momentKey);
  if (!found) throw badRequest('momentKey', `"${input.momentKey}" is not a published moment of the journey "${input.journeyKey}"`);
  return { journeyKey: input.journeyKey, journeyVersion: found.version, momentKey: input.momentKey };
}

/** What the feedback room (or the audits room) knows about a failed moment. */
export interface FailedMoment {
  customerRef: string | null;
  visitId: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  journeyVersion: number | null;
  locationId: string | null;
  staffRef?: string | null;
  responseId?: string | null;
  reason: CaseReason;
  /** Scores, the comment, the matched rules, the audit item: shown on the case as its trigger. */
  details: Record<string, unknown>;
  /** Who owns the new case (default: the outlet's manager). */
  assignTo?: RuleAssignment;
  /** For follow-up by phone or e-mail. */
  customerName?: string | null;
  customerEmail?: string | null;
  customerPhone?: string | null;
  /** Makes the case once per source event (e.g. `audit:<runId>:<itemKey>`): a repeat returns it. */
  externalId?: string | null;
}

export interface FailedMomentOutcome {
  caseId: string;
  outcome: OpenOutcome['outcome'];
  ownerId: string | null;
}

function summaryOf(moment: FailedMoment): string {
  const comment = typeof moment.details.comment === 'string' ? moment.details.comment.trim() : '';
  if (comment) return comment.length > 200 ? `${comment.slice(0, 199)}…` : comment;
  return [moment.journeyKey, moment.momentKey].filter(Boolean).join(' / ') || moment.reason;
}

/**
 * Opens a case for a failed moment inside the caller's transaction (the feedback room's response
 * write), or attaches the failure to the visit's open case. Only SQL on `tx`: no e-mail, no queue
 * (those wait in the outbox and in cases.next_timer_at for the sweeper), and no constraint error that
 * would abort the caller's transaction.
 */
export async function openCaseFromFailedMoment(tx: Db, orgId: string, moment: FailedMoment, now: Date): Promise<FailedMomentOutcome> {
  const settings = await loadRecoverySettings(tx, orgId);
  const calendar = await calendarFor(tx, orgId, moment.locationId, settings);
  const ownerId = await ownerForRule(tx, orgId, moment.locationId, moment.assignTo ?? 'outlet_manager', moment.staffRef ?? null);
  const opened = await insertCase(
    tx,
    orgId,
    {
      source: 'rule',
      reason: moment.reason,
      channel: moment.reason === 'failed_audit_item' ? 'audit' : 'survey',
      summary: summaryOf(moment),
      details: moment.details,
      externalId: moment.externalId ?? null,
      customerRef: moment.customerRef,
      customerName: moment.customerName ?? null,
      customerEmail: moment.customerEmail ?? null,
      customerPhone: moment.customerPhone ?? null,
      visitId: moment.visitId,
      responseId: moment.responseId ?? null,
      journeyKey: moment.journeyKey,
      journeyVersion: moment.journeyVersion,
      momentKey: moment.momentKey,
      locationId: moment.locationId,
      staffRef: moment.staffRef ?? null,
      ownerId,
      createdBy: null,
    },
    { now, policy: settings.slaPolicy, calendar, actor: SYSTEM },
  );
  if (opened.outcome === 'created' && ownerId !== null) {
    await insertNotifications(tx, orgId, [{ userId: ownerId, kind: 'case_assigned', caseId: opened.row.caseId, data: notificationData(opened.row) }], now);
  }
  return { caseId: opened.row.caseId, outcome: opened.outcome, ownerId: opened.row.ownerId };
}

/**
 * The one call the feedback room needs per written response: evaluates the organisation's recovery
 * rules against the moment's outcome and, if any fails, opens (or attaches to) the visit's case with
 * every failed rule in its details. Returns undefined when nothing failed.
 */
export async function recoverFailedMoment(
  tx: Db,
  orgId: string,
  moment: Omit<FailedMoment, 'reason' | 'assignTo'> & MomentOutcome,
  now: Date,
): Promise<FailedMomentOutcome | undefined> {
  const rules = await loadRecoveryRules(tx, orgId);
  const matches = evaluateRecoveryRules(rules, moment);
  const first = matches[0];
  if (!first) return undefined;
  return openCaseFromFailedMoment(tx, orgId, { ...moment, reason: first.reason, assignTo: first.assignTo, details: { ...moment.details, matches } }, now);
}

// ---------- acting on a case ----------

/** What the routes hand in: the command, maybe after looking up people. */
export type CommandInput =
  | Exclude<CaseCommand, { action: 'escalate' } | { action: 'propose' }>
  | { action: 'escalate'; reason: string }
  | { action: 'propose'; solution: string; compensation?: { kind: NonNullable<Extract<CaseCommand, { action: 'propose' }>['compensation']>['kind']; description?: string | null; cost: number } | null };

export interface ActResult {
  row: CaseRow;
}

async function prepareCommand(tx: Db, orgId: string, row: CaseRow, input: CommandInput, settings: RecoverySettings, viewer: Viewer): Promise<CaseCommand> {
  switch (input.action) {
    case 'transfer': {
      const [target] = await loadMembers(tx, orgId, [input.toUserId]);
      if (!target || !isWorkingRole(target.role)) throw badRequest('toUserId', 'toUserId must be an active member who works cases');
      return input;
    }
    case 'escalate': {
      const target = await findEscalationTarget(tx, orgId, row.locationId, row.escalationLevel, [row.ownerId, viewer.userId]);
      if (!target) throw conflict('There is nobody further up the escalation path of this location');
      return { ...input, target };
    }
    case 'note': {
      const mentions = [...new Set(input.mentions)];
      const found = new Set((await loadMembers(tx, orgId, mentions)).map((m) => m.userId));
      const missing = input.mentions.findIndex((id) => !found.has(id));
      if (missing >= 0) throw badRequest(`mentions.${missing}`, 'every mention must be an active member of the organisation');
      return { ...input, mentions };
    }
    case 'propose':
      return { ...input, currency: settings.approval.currency };
    default:
      return input;
  }
}

/** Who hears about what a command did. */
async function notificationsAfter(tx: Db, orgId: string, before: CaseRow, after: CaseRow, command: CaseCommand, viewer: Viewer, settings: RecoverySettings): Promise<NotificationDraft[]> {
  const me = viewer.userId;
  const drafts: NotificationDraft[] = [];
  const to = (userId: string | null | undefined, kind: NotificationDraft['kind'], extra: Record<string, unknown> = {}) => {
    if (userId && userId !== me && !drafts.some((d) => d.userId === userId && d.kind === kind)) {
      drafts.push({ userId, kind, caseId: after.caseId, data: notificationData(after, { byUserId: me, ...extra }) });
    }
  };
  switch (command.action) {
    case 'transfer':
      to(command.toUserId, 'transfer_requested', { text: command.reason ?? '' });
      break;
    case 'accept':
      if (before.pendingTransferTo === me) {
        to(before.pendingTransferBy, 'transfer_accepted');
        to(before.ownerId, 'transfer_accepted');
      }
      break;
    case 'decline':
      to(before.pendingTransferBy, 'transfer_declined', { text: command.reason ?? '' });
      break;
    case 'escalate':
      to(after.escalatedTo, 'case_escalated', { levelName: ESCALATION_LEVELS[after.escalationLevel], text: command.reason });
      break;
    case 'note':
      for (const userId of command.mentions) to(userId, 'mentioned', { text: command.text });
      break;
    case 'propose': {
      const compensation = after.playbook.propose?.compensation;
      if (after.status === 'pending_approval' && compensation) {
        for (const userId of await approversFor(tx, orgId, after.locationId, compensation.cost, settings.approval, me)) {
          to(userId, 'approval_requested', { cost: compensation.cost, currency: compensation.currency });
        }
      }
      break;
    }
    case 'approve':
    case 'reject':
      to(before.playbook.propose?.by, 'compensation_decided', { approved: command.action === 'approve', text: command.note ?? '' });
      break;
    default:
      break;
  }
  return drafts;
}

/** Runs one command on a case: locked, decided by the pure model, written with its history. */
export async function actOnCase(deps: RecoveryDeps, viewer: Viewer, caseId: string, input: CommandInput): Promise<ActResult> {
  const orgId = viewer.actor.orgId;
  const now = deps.now();
  const result = await deps.database.db.transaction(async (tx) => {
    const row = await lockCase(tx, orgId, caseId);
    await assertVisible(tx, viewer, row);
    const settings = await loadRecoverySettings(tx, orgId);
    const relation = relationOf(viewer, row, settings);
    const refused = refusal(row, relation, input.action);
    if (refused) throw refused;
    const command = await prepareCommand(tx, orgId, row, input, settings, viewer);
    const ctx: DecideContext = { now, calendar: await calendarFor(tx, orgId, row.locationId, settings), policy: settings.slaPolicy };
    const transition = decide(row, relation, command, ctx);
    const updated = await applyTransition(tx, orgId, row, transition, actorRefOf(viewer.actor), now);
    await addParticipants(tx, orgId, caseId, [
      viewer.userId,
      updated.ownerId,
      updated.pendingTransferTo,
      updated.escalatedTo,
      ...(command.action === 'note' ? command.mentions : []),
    ]);
    const drafts = await notificationsAfter(tx, orgId, row, updated, command, viewer, settings);
    return { row: updated, notificationIds: await insertNotifications(tx, orgId, drafts, now) };
  });
  await afterCommit(deps, { orgId, rows: [result.row], notificationIds: result.notificationIds });
  return { row: result.row };
}

// ---------- SLA ----------

/**
 * The SLA job's work on one case: deadlines that passed unmet are recorded as breached and escalate
 * one level (notifying the owner and the new escalation contact); an escalation that did not help in
 * time goes one level further; a scheduled follow-up date reminds the owner and sends the re-survey.
 * Safe to run any number of times: it acts only on what is due and not yet recorded.
 */
export async function checkCaseSla(deps: RecoveryDeps, orgId: string, caseId: string): Promise<CaseRow | undefined> {
  const now = deps.now();
  const result = await deps.database.db.transaction(async (tx) => {
    if (!(await findCase(tx, orgId, caseId))) return undefined;
    const locked = await lockCase(tx, orgId, caseId);
    const work = dueSlaWork(locked, now);
    if (work.breaches.length === 0 && !work.escalateAgain && !work.remindFollowUp) {
      // Nothing due: the job of a deadline that has moved or was met, or work another node did.
      return { row: locked, notificationIds: [] as string[], survey: false };
    }
    const settings = await loadRecoverySettings(tx, orgId);
    const ctx: DecideContext = { now, calendar: await calendarFor(tx, orgId, locked.locationId, settings), policy: settings.slaPolicy };
    const escalating = work.breaches.length > 0 || work.escalateAgain;
    const target = escalating ? await findEscalationTarget(tx, orgId, locked.locationId, locked.escalationLevel, [locked.ownerId]) : undefined;
    const transition = decideSlaWork(locked, work, target, ctx);
    const updated = await applyTransition(tx, orgId, locked, transition, SYSTEM, now);
    await addParticipants(tx, orgId, caseId, [updated.escalatedTo]);
    const drafts: NotificationDraft[] = [];
    const deadline = work.breaches[0] ?? null;
    const levelName = ESCALATION_LEVELS[updated.escalationLevel];
    if (escalating && updated.ownerId) drafts.push({ userId: updated.ownerId, kind: 'sla_breached', caseId, data: notificationData(updated, { deadline, levelName }) });
    if (escalating && updated.escalatedTo && updated.escalatedTo !== locked.escalatedTo) {
      drafts.push({ userId: updated.escalatedTo, kind: 'case_escalated', caseId, data: notificationData(updated, { deadline, levelName }) });
    }
    if (work.remindFollowUp && updated.ownerId) drafts.push({ userId: updated.ownerId, kind: 'follow_up_due', caseId, data: notificationData(updated) });
    const survey = work.remindFollowUp && updated.playbook.followUp?.resurvey === true;
    return { row: updated, notificationIds: await insertNotifications(tx, orgId, drafts, now), survey };
  });
  if (!result) return undefined;
  await afterCommit(deps, { orgId, rows: [result.row], notificationIds: result.notificationIds, ...(result.survey ? { surveys: [result.row] } : {}) });
  return result.row;
}

/** The sweeper: every case with SLA work due, and every e-mail still waiting. */
export async function sweep(deps: RecoveryDeps, limit = 200): Promise<{ cases: number; emails: number; webhooks: number }> {
  const due = await loadCasesWithTimersDue(deps.database.db, deps.now(), limit);
  for (const { orgId, caseId } of due) {
    try {
      await checkCaseSla(deps, orgId, caseId);
    } catch (error) {
      deps.log.error({ err: error, caseId }, 'SLA check failed');
    }
  }
  const emails = await deliverEmails(deps, { limit });
  let webhooks = 0;
  try {
    webhooks = await deliverWebhooks(deps.database.db, deps.now, { limit });
  } catch (error) {
    deps.log.error({ err: error }, 'webhook delivery failed');
  }
  return { cases: due.length, emails, webhooks };
}

// ---------- the follow-up re-survey ----------

export interface FollowUpSurveyAnswer {
  /** The case the survey was sent for; else the customer's latest case waiting for a follow-up. */
  caseId?: string | null;
  customerRef?: string | null;
  score: FollowUpScore;
  responseId?: string | null;
}

export interface FollowUpSurveyOutcome {
  caseId: string;
  outcome: 'recovered' | 'reopened' | 'recorded';
}

/**
 * The follow-up survey was answered. Call it inside the response-write transaction: passive or
 * promoter → the case closes as recovered; still unhappy → it goes back to work (reopened if it was
 * closed). Returns undefined when no case matches. Never raises a constraint error.
 */
export async function onFollowUpSurveyAnswered(tx: Db, orgId: string, answer: FollowUpSurveyAnswer, now: Date): Promise<FollowUpSurveyOutcome | undefined> {
  const row = answer.caseId ? await findCase(tx, orgId, answer.caseId) : answer.customerRef ? await findCaseAwaitingFollowUp(tx, orgId, answer.customerRef, now) : undefined;
  if (!row) return undefined;
  const locked = await lockCase(tx, orgId, row.caseId);
  const settings = await loadRecoverySettings(tx, orgId);
  const ctx: DecideContext = { now, calendar: await calendarFor(tx, orgId, locked.locationId, settings), policy: settings.slaPolicy };
  const transition = decideFollowUpSurvey(locked, answer.score, answer.responseId ?? null, ctx);
  if (locked.status === 'closed' && transition.patch.status !== 'closed' && locked.dedupeKey) {
    // Reopening would make a second open case for the visit: record the answer on the open one instead.
    const open = await findOpenCaseOfVisit(tx, orgId, locked.customerRef, locked.dedupeKey);
    if (open) {
      await insertEvents(tx, orgId, locked.caseId, [{ kind: 'follow_up_answered', data: { score: answer.score, recovered: false, responseId: answer.responseId ?? null, movedTo: open.caseId } }], SYSTEM, now);
      await insertEvents(tx, orgId, open.caseId, [{ kind: 'attached', data: { source: 'rule', reason: 'detractor', fromCaseId: locked.caseId, score: answer.score } }], SYSTEM, now);
      return { caseId: open.caseId, outcome: 'recorded' };
    }
  }
  const updated = await applyTransition(tx, orgId, locked, transition, SYSTEM, now);
  const reopened = updated.status !== 'closed';
  if (reopened && updated.ownerId) {
    await insertNotifications(tx, orgId, [{ userId: updated.ownerId, kind: 'case_reopened', caseId: updated.caseId, data: notificationData(updated, { score: answer.score }) }], now);
  }
  const outcome = reopened ? 'reopened' : locked.status === 'closed' ? 'recorded' : 'recovered';
  return { caseId: updated.caseId, outcome };
}

async function findCaseAwaitingFollowUp(db: Db, orgId: string, customerRef: string, now: Date): Promise<CaseRow | undefined> {
  const page = await listCases(db, orgId, {}, { customerRef, status: 'awaiting_follow_up', now }, { limit: 1 });
  return page.items[0];
}
