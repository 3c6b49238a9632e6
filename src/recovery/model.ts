import { AppError, badRequest, conflict, forbidden } from '../platform/errors.ts';
import { addBusinessTime, businessMinutesBetween, OFFICE_HOURS, type BusinessCalendar, type WeekHours } from './business-time.ts';

/*
 * Service recovery (DOMAIN.md "Service recovery", seed 001): a failed moment becomes a case that one
 * named person owns until it is closed (首问负责, first-contact ownership, seed 003) and works through
 * the six-step complaint playbook:
 *   1 vent — let the customer vent, record their words;   2 apologise;
 *   3 gather — the question checklist;                    4 propose — a solution, optional compensation;
 *   5 agree — the customer takes part in choosing;        6 follow up — did it work? if not, keep looking.
 *
 * Everything here is pure: the types, the case state machine, the SLA schedule and the recovery rules.
 * The store feeds it rows and writes back what it decides; time (`now`) and the outlet's business
 * calendar are passed in.
 */

export const CASE_STATUSES = ['open', 'in_progress', 'pending_approval', 'awaiting_follow_up', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Why a case exists: a rule's trigger, or a complaint a person brought. */
export const CASE_REASONS = ['detractor', 'low_csat', 'negative_sentiment', 'failed_audit_item', 'complaint'] as const;
export type CaseReason = (typeof CASE_REASONS)[number];
export const CASE_SOURCES = ['staff', 'api', 'rule'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
/** How the complaint reached the business. */
export const CASE_CHANNELS = ['counter', 'phone', 'email', 'letter', 'web', 'social', 'survey', 'audit', 'other'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export const STEP_KEYS = ['vent', 'apologise', 'gather', 'propose', 'agree', 'follow_up'] as const;
export type StepKey = (typeof STEP_KEYS)[number];
/** The question checklist of step 3 (seed 001): identity, descriptive, clarifying, outcome, anything else. */
export const GATHER_QUESTIONS = ['identity', 'descriptive', 'clarifying', 'outcome', 'anything_else'] as const;
export type GatherQuestion = (typeof GATHER_QUESTIONS)[number];
/** Compensatory care (seed 001): comfort for the customer, never a substitute for the fix. */
export const COMPENSATION_KINDS = ['discount', 'gift', 'free_service', 'absorbed_cost', 'personal_apology'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];
export const FOLLOW_UP_CHANNELS = ['phone', 'email', 'letter'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];
export const CLOSE_REASONS = ['recovered', 'unrecovered', 'unreachable', 'duplicate', 'withdrawn'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const SLA_DEADLINES = ['first_response', 'resolution', 'follow_up'] as const;
export type SlaDeadline = (typeof SLA_DEADLINES)[number];
export const SLA_STATES = ['on_track', 'due_soon', 'breached', 'none'] as const;
export type SlaState = (typeof SLA_STATES)[number];
/** Escalation levels by number: 0 none, 1 the outlet's manager, 2 regional, 3 central. */
export const ESCALATION_LEVELS = ['none', 'outlet_manager', 'regional', 'central'] as const;
export type EscalationLevelName = (typeof ESCALATION_LEVELS)[number];
export const MAX_ESCALATION_LEVEL = 3;
export const COMPENSATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CompensationStatus = (typeof COMPENSATION_STATUSES)[number];
export const SCORE_KINDS = ['nps', 'csat'] as const;
/** Recovery metrics group by outlet, by staff (the case owner who handled the recovery) or by moment. */
export const METRIC_GROUPS = ['location', 'staff', 'moment'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];
export type ScoreKind = (typeof SCORE_KINDS)[number];

export const EVENT_KINDS = [
  'opened',
  'attached',
  'accepted',
  'step_recorded',
  'note',
  'transfer_requested',
  'transfer_accepted',
  'transfer_declined',
  'escalated',
  'sla_breached',
  'compensation_proposed',
  'compensation_approved',
  'compensation_rejected',
  'follow_up_scheduled',
  'follow_up_due',
  'follow_up_done',
  'follow_up_answered',
  'closed',
  'reopened',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const NOTIFICATION_KINDS = [
  'case_assigned',
  'transfer_requested',
  'transfer_accepted',
  'transfer_declined',
  'sla_breached',
  'case_escalated',
  'mentioned',
  'approval_requested',
  'compensation_decided',
  'follow_up_due',
  'case_reopened',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** The kinds that also go out by e-mail (the others are in-app only). */
export const EMAILED_NOTIFICATIONS: readonly NotificationKind[] = ['case_assigned', 'transfer_requested', 'sla_breached', 'case_escalated', 'mentioned', 'approval_requested', 'follow_up_due'];

/** The roles that work cases, and therefore have an approval limit for compensation. */
export const WORKING_ROLES = ['agent', 'outlet_manager', 'cx_manager', 'admin'] as const;
export type WorkingRole = (typeof WORKING_ROLES)[number];

// ---------- the playbook record kept on a case ----------

export type GatherAnswers = Partial<Record<GatherQuestion, string>>;

export interface Compensation {
  kind: CompensationKind;
  description: string | null;
  cost: number;
  currency: string;
  status: CompensationStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface FollowUpScore {
  kind: ScoreKind;
  value: number;
}

interface Recorded {
  recordedAt: string;
  by: string | null;
}

export interface Playbook {
  vent?: Recorded & { customerWords: string };
  apologise?: Recorded & { note: string | null };
  gather?: Recorded & { answers: GatherAnswers };
  propose?: Recorded & { solution: string; compensation: Compensation | null };
  agree?: Recorded & { choice: 'accepted' | 'declined'; customerChoice: string };
  followUp?: Recorded & {
    scheduledFor: string | null;
    channel: FollowUpChannel | null;
    resurvey: boolean;
    result?: { at: string; by: string | null; reached: boolean; satisfied: boolean | null; score: FollowUpScore | null; notes: string | null; source: 'staff' | 'survey' };
  };
}

/** The case fields the rules read and write (the store's rows carry more). */
export interface CaseState {
  status: CaseStatus;
  ownerId: string | null;
  pendingTransferTo: string | null;
  pendingTransferBy: string | null;
  escalationLevel: number;
  escalatedTo: string | null;
  playbook: Playbook;
  openedAt: Date;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  firstResponseMinutes: number | null;
  firstResponseBreachedAt: Date | null;
  resolutionDueAt: Date | null;
  resolvedAt: Date | null;
  resolutionMinutes: number | null;
  resolutionBreachedAt: Date | null;
  followUpScheduledFor: Date | null;
  followUpRemindedAt: Date | null;
  followUpDueAt: Date | null;
  followUpDoneAt: Date | null;
  followUpBreachedAt: Date | null;
  followUpScoreKind: ScoreKind | null;
  followUpScore: number | null;
  followUpRecovered: boolean | null;
  nextEscalationAt: Date | null;
  compensationCost: number | null;
  compensationCurrency: string | null;
  compensationStatus: CompensationStatus | null;
  /** Compensation the customer accepted, summed over every round (what recovery has cost). */
  compensationGranted: number;
  closedAt: Date | null;
  closeReason: CloseReason | null;
  reopenCount: number;
}

export type CasePatch = Partial<CaseState>;

export interface EventDraft {
  kind: EventKind;
  data: Record<string, unknown>;
}

export interface Transition {
  patch: CasePatch;
  events: EventDraft[];
}

// ---------- settings ----------

/** SLA due times, all in business minutes of the outlet's opening hours. */
export interface SlaPolicy {
  /** From opening to the first step recorded with the customer. */
  firstResponseMinutes: number;
  /** From opening to the customer agreeing to a solution (step 5). */
  resolutionMinutes: number;
  /** From the agreement to the follow-up, when no follow-up date was scheduled. */
  followUpMinutes: number;
  /** After a scheduled follow-up date, how long the follow-up may take. */
  followUpGraceMinutes: number;
  /** After an escalation, how long before the next level is called if the deadline is still missed. */
  escalationMinutes: number;
  weekHours: WeekHours;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponseMinutes: 120,
  resolutionMinutes: 2 * 540,
  followUpMinutes: 3 * 540,
  followUpGraceMinutes: 540,
  escalationMinutes: 240,
  weekHours: OFFICE_HOURS,
};

/** The most a role may grant in compensation without approval (null = no limit). */
export interface ApprovalSettings {
  currency: string;
  limits: Record<WorkingRole, number | null>;
}

/** A currency that fits the organisation's language until someone sets one. */
export function defaultCurrencyOf(locale: string): string {
  return ({ 'zh-CN': 'CNY', 'zh-TW': 'TWD', ru: 'RUB', hu: 'HUF' } as Record<string, string>)[locale] ?? 'EUR';
}

export function defaultApprovalSettings(locale: string): ApprovalSettings {
  return { currency: defaultCurrencyOf(locale), limits: { agent: 0, outlet_manager: 200, cx_manager: 2000, admin: null } };
}

export function isWorkingRole(role: string): role is WorkingRole {
  return (WORKING_ROLES as readonly string[]).includes(role);
}

// ---------- who is acting ----------

/** What the acting person (or API key) may do with one case; the routes work it out. */
export interface Relation {
  /** null for an API key. */
  userId: string | null;
  /** May work cases at all (cases.work). */
  canWork: boolean;
  /** Manages this case: a manager whose location scope holds it, or a central role (cases.manage). */
  canManage: boolean;
  /** The most this actor may grant without approval (null = no limit). */
  approvalLimit: number | null;
}

function isOwner(state: CaseState, relation: Relation): boolean {
  return relation.userId !== null && state.ownerId === relation.userId;
}

function isEscalatee(state: CaseState, relation: Relation): boolean {
  return relation.userId !== null && state.escalatedTo === relation.userId;
}

/** The owner, the case's managers and whoever it was escalated to may work it. */
function isResponsible(state: CaseState, relation: Relation): boolean {
  return isOwner(state, relation) || relation.canManage || isEscalatee(state, relation);
}

/** Nobody owns it yet: the first person who works it takes it (first-contact ownership). */
function claimsByWorking(state: CaseState, relation: Relation): boolean {
  return state.ownerId === null && relation.userId !== null && relation.canWork;
}

// ---------- commands ----------

export interface CompensationInput {
  kind: CompensationKind;
  description?: string | null;
  cost: number;
  currency?: string | null;
}

export interface EscalationTarget {
  level: number;
  userId: string | null;
}

export type CaseCommand =
  | { action: 'accept' }
  | { action: 'decline'; reason?: string | null }
  | { action: 'transfer'; toUserId: string; reason?: string | null }
  | { action: 'escalate'; reason: string; target: EscalationTarget }
  | { action: 'note'; text: string; mentions: string[] }
  | { action: 'vent'; customerWords: string }
  | { action: 'apologise'; note?: string | null }
  | { action: 'gather'; answers: GatherAnswers }
  | { action: 'propose'; solution: string; compensation?: CompensationInput | null; currency: string }
  | { action: 'approve'; note?: string | null }
  | { action: 'reject'; note: string }
  | { action: 'agree'; choice: 'accepted' | 'declined'; customerChoice: string }
  | { action: 'schedule_follow_up'; scheduledFor: Date; channel: FollowUpChannel; resurvey: boolean }
  | { action: 'record_follow_up'; reached: boolean; satisfied?: boolean | null; score?: FollowUpScore | null; notes?: string | null }
  | { action: 'close'; reason: CloseReason; note?: string | null }
  | { action: 'reopen'; reason: string };

export type CaseAction = CaseCommand['action'];
export const CASE_ACTIONS: readonly CaseAction[] = [
  'accept',
  'decline',
  'transfer',
  'escalate',
  'note',
  'vent',
  'apologise',
  'gather',
  'propose',
  'approve',
  'reject',
  'agree',
  'schedule_follow_up',
  'record_follow_up',
  'close',
  'reopen',
];

const STEP_OF_ACTION: Partial<Record<CaseAction, StepKey>> = {
  vent: 'vent',
  apologise: 'apologise',
  gather: 'gather',
  propose: 'propose',
  agree: 'agree',
  schedule_follow_up: 'follow_up',
  record_follow_up: 'follow_up',
};

export interface DecideContext {
  now: Date;
  calendar: BusinessCalendar;
  policy: SlaPolicy;
}

/** Whether the customer agreed to the latest proposal. */
function agreed(playbook: Playbook): boolean {
  return playbook.agree?.choice === 'accepted';
}

/**
 * Why `relation` may not take `action` on the case now, or undefined when it may. The same check
 * guards every command and fills a case's `allowedActions`, so the UI never offers a refused button.
 */
export function refusal(state: CaseState, relation: Relation, action: CaseAction): AppError | undefined {
  const needsManager = action === 'approve' || action === 'reject';
  if (!relation.canWork && !(needsManager && relation.canManage)) return forbidden('You may read this case but not work on it');
  if (state.status === 'closed' && action !== 'note' && action !== 'reopen') return conflict('The case is closed; reopen it first');
  const pb = state.playbook;
  switch (action) {
    case 'note':
      return undefined;
    case 'accept':
      if (relation.userId === null) return forbidden('A person accepts a case, not an API key');
      if (state.pendingTransferTo === relation.userId) return undefined;
      if (state.ownerId === null) return relation.canWork ? undefined : forbidden();
      return conflict(state.ownerId === relation.userId ? 'You already own this case' : 'The case has an owner; ask them to transfer it to you');
    case 'decline':
      return state.pendingTransferTo !== null && state.pendingTransferTo === relation.userId ? undefined : conflict('No transfer to you is waiting on this case');
    case 'transfer':
    case 'close':
      return isResponsible(state, relation) ? undefined : forbidden('Only the owner or a manager of this case may do this');
    case 'escalate':
      if (!isResponsible(state, relation)) return forbidden('Only the owner or a manager of this case may escalate it');
      return state.escalationLevel >= MAX_ESCALATION_LEVEL ? conflict('The case is already escalated to the central team') : undefined;
    case 'reopen':
      if (state.status !== 'closed') return conflict('Only a closed case can be reopened');
      return isOwner(state, relation) || relation.canManage ? undefined : forbidden('Only the owner or a manager of this case may reopen it');
    case 'approve':
    case 'reject': {
      if (state.status !== 'pending_approval') return conflict('No compensation is waiting for approval');
      if (relation.userId === null || !relation.canManage) return forbidden('Compensation is approved by a manager of this case');
      const cost = state.compensationCost ?? 0;
      if (relation.approvalLimit !== null && relation.approvalLimit < cost) return forbidden(`This compensation (${cost}) is above your approval limit (${relation.approvalLimit})`);
      return undefined;
    }
    default:
      break;
  }
  // The six steps.
  if (!isResponsible(state, relation) && !claimsByWorking(state, relation)) return forbidden('Only the owner of this case (or its manager) may record its steps');
  switch (action) {
    case 'vent':
      return undefined;
    case 'apologise':
      return pb.vent ? undefined : conflict('Record the customer’s own words first (step 1: let them vent)');
    case 'gather':
      return pb.apologise ? undefined : conflict('Apologise first (step 2)');
    case 'propose':
      if (!pb.gather) return conflict('Gather the information first (step 3)');
      return state.status === 'awaiting_follow_up' ? conflict('The customer already agreed to a solution; record the follow-up') : undefined;
    case 'agree': {
      if (!pb.propose) return conflict('Propose a solution first (step 4)');
      if (state.status === 'pending_approval') return conflict('The proposed compensation is waiting for approval');
      if (pb.propose.compensation?.status === 'rejected') return conflict('The compensation was not approved; propose again');
      if (state.status === 'awaiting_follow_up') return conflict('The customer already agreed to a solution');
      if (pb.agree && pb.agree.recordedAt >= pb.propose.recordedAt) return conflict('The customer declined this proposal; propose another');
      return undefined;
    }
    case 'schedule_follow_up':
    case 'record_follow_up':
      return agreed(pb) && state.status === 'awaiting_follow_up' ? undefined : conflict('The customer has not agreed to a solution yet (step 5)');
    default:
      return undefined;
  }
}

export function allowedActions(state: CaseState, relation: Relation): CaseAction[] {
  return CASE_ACTIONS.filter((action) => refusal(state, relation, action) === undefined);
}

const iso = (date: Date) => date.toISOString();

/**
 * What a command does to a case: the changed fields and the history entries. Throws the refusal
 * (403/409) or a 400 naming the bad field.
 */
export function decide(state: CaseState, relation: Relation, command: CaseCommand, ctx: DecideContext): Transition {
  const refused = refusal(state, relation, command.action);
  if (refused) throw refused;
  const { now } = ctx;
  const by = relation.userId;
  const patch: CasePatch = {};
  const events: EventDraft[] = [];
  const pb: Playbook = structuredClone(state.playbook);

  const step = STEP_OF_ACTION[command.action];
  if (step) {
    // Whoever records the first step of an unowned case is its first contact and owns it from now on.
    if (state.ownerId === null && by !== null) {
      patch.ownerId = by;
      events.push({ kind: 'accepted', data: { via: 'first_step', ownerId: by } });
    }
    if (state.firstRespondedAt === null) {
      patch.firstRespondedAt = now;
      patch.firstResponseMinutes = businessMinutesBetween(state.openedAt, now, ctx.calendar);
    }
    if (state.status === 'open') patch.status = 'in_progress';
  }

  switch (command.action) {
    case 'accept': {
      if (state.pendingTransferTo === by) {
        patch.ownerId = by;
        patch.pendingTransferTo = null;
        patch.pendingTransferBy = null;
        events.push({ kind: 'transfer_accepted', data: { from: state.ownerId, to: by } });
      } else {
        patch.ownerId = by;
        events.push({ kind: 'accepted', data: { via: 'queue', ownerId: by } });
      }
      break;
    }
    case 'decline':
      patch.pendingTransferTo = null;
      patch.pendingTransferBy = null;
      events.push({ kind: 'transfer_declined', data: { by, requestedBy: state.pendingTransferBy, reason: command.reason ?? null } });
      break;
    case 'transfer': {
      if (command.toUserId === state.ownerId) throw badRequest('toUserId', 'The case already belongs to this person');
      patch.pendingTransferTo = command.toUserId;
      patch.pendingTransferBy = by;
      events.push({ kind: 'transfer_requested', data: { from: state.ownerId, to: command.toUserId, replaces: state.pendingTransferTo, reason: command.reason ?? null } });
      break;
    }
    case 'escalate': {
      const target = command.target;
      if (target.level <= state.escalationLevel) throw conflict('There is nobody further up to escalate to');
      patch.escalationLevel = target.level;
      patch.escalatedTo = target.userId;
      events.push({ kind: 'escalated', data: { level: target.level, levelName: ESCALATION_LEVELS[target.level], to: target.userId, trigger: 'manual', reason: command.reason } });
      break;
    }
    case 'note':
      events.push({ kind: 'note', data: { text: command.text, mentions: [...new Set(command.mentions)] } });
      break;
    case 'vent':
      pb.vent = { recordedAt: iso(now), by, customerWords: command.customerWords };
      events.push({ kind: 'step_recorded', data: { step: 'vent', customerWords: command.customerWords } });
      break;
    case 'apologise':
      pb.apologise = { recordedAt: iso(now), by, note: command.note ?? null };
      events.push({ kind: 'step_recorded', data: { step: 'apologise', note: command.note ?? null } });
      break;
    case 'gather': {
      const answers = Object.fromEntries(Object.entries(command.answers).filter(([, text]) => typeof text === 'string' && text.trim() !== '')) as GatherAnswers;
      if (Object.keys(answers).length === 0) throw badRequest('answers', 'answers needs at least one question answered (identity, descriptive, clarifying, outcome, anything_else)');
      pb.gather = { recordedAt: iso(now), by, answers };
      events.push({ kind: 'step_recorded', data: { step: 'gather', answers } });
      break;
    }
    case 'propose': {
      const input = command.compensation ?? null;
      let compensation: Compensation | null = null;
      if (input) {
        if (!Number.isFinite(input.cost) || input.cost < 0) throw badRequest('compensation.cost', 'compensation.cost must be a number ≥ 0');
        const withinLimit = relation.approvalLimit === null || input.cost <= relation.approvalLimit;
        compensation = {
          kind: input.kind,
          description: input.description ?? null,
          cost: input.cost,
          currency: input.currency ?? command.currency,
          status: withinLimit ? 'approved' : 'pending',
          decidedBy: withinLimit ? by : null,
          decidedAt: withinLimit ? iso(now) : null,
          decisionNote: null,
        };
      }
      pb.propose = { recordedAt: iso(now), by, solution: command.solution, compensation };
      patch.compensationCost = compensation?.cost ?? null;
      patch.compensationCurrency = compensation?.currency ?? null;
      patch.compensationStatus = compensation?.status ?? null;
      patch.status = compensation?.status === 'pending' ? 'pending_approval' : 'in_progress';
      events.push({ kind: 'step_recorded', data: { step: 'propose', solution: command.solution } });
      if (compensation) {
        events.push({ kind: 'compensation_proposed', data: { ...compensation } });
        if (compensation.status === 'approved') events.push({ kind: 'compensation_approved', data: { cost: compensation.cost, currency: compensation.currency, automatic: true } });
      }
      break;
    }
    case 'approve':
    case 'reject': {
      const approved = command.action === 'approve';
      const compensation = pb.propose?.compensation;
      if (!compensation) throw conflict('No compensation is waiting for approval');
      pb.propose!.compensation = { ...compensation, status: approved ? 'approved' : 'rejected', decidedBy: by, decidedAt: iso(now), decisionNote: command.note ?? null };
      patch.compensationStatus = approved ? 'approved' : 'rejected';
      patch.status = 'in_progress';
      events.push({ kind: approved ? 'compensation_approved' : 'compensation_rejected', data: { cost: compensation.cost, currency: compensation.currency, note: command.note ?? null } });
      break;
    }
    case 'agree': {
      pb.agree = { recordedAt: iso(now), by, choice: command.choice, customerChoice: command.customerChoice };
      events.push({ kind: 'step_recorded', data: { step: 'agree', choice: command.choice, customerChoice: command.customerChoice } });
      if (command.choice === 'accepted') {
        patch.status = 'awaiting_follow_up';
        patch.resolvedAt = now;
        patch.resolutionMinutes = businessMinutesBetween(state.openedAt, now, ctx.calendar);
        patch.followUpDueAt = addBusinessTime(now, ctx.policy.followUpMinutes, ctx.calendar);
        const granted = pb.propose?.compensation;
        if (granted?.status === 'approved') patch.compensationGranted = state.compensationGranted + granted.cost;
      } else {
        patch.status = 'in_progress';
      }
      break;
    }
    case 'schedule_follow_up': {
      if (command.scheduledFor.getTime() < now.getTime() - 5 * 60_000) throw badRequest('scheduledFor', 'scheduledFor must not be in the past');
      pb.followUp = { recordedAt: iso(now), by, scheduledFor: iso(command.scheduledFor), channel: command.channel, resurvey: command.resurvey };
      patch.followUpScheduledFor = command.scheduledFor;
      patch.followUpRemindedAt = null;
      patch.followUpDueAt = addBusinessTime(command.scheduledFor, ctx.policy.followUpGraceMinutes, ctx.calendar);
      patch.followUpBreachedAt = null;
      events.push({ kind: 'follow_up_scheduled', data: { scheduledFor: iso(command.scheduledFor), channel: command.channel, resurvey: command.resurvey } });
      break;
    }
    case 'record_follow_up': {
      const score = command.score ?? null;
      if (score) checkScore(score, 'score');
      if (command.reached && score === null && (command.satisfied === undefined || command.satisfied === null)) {
        throw badRequest('satisfied', 'say whether the customer is satisfied now, or give their score');
      }
      const result = {
        at: iso(now),
        by,
        reached: command.reached,
        satisfied: command.reached ? (score ? isRecoveredScore(score) : command.satisfied!) : null,
        score,
        notes: command.notes ?? null,
        source: 'staff' as const,
      };
      pb.followUp = { ...(pb.followUp ?? { recordedAt: iso(now), by, scheduledFor: null, channel: null, resurvey: false }), result };
      if (!command.reached) {
        events.push({ kind: 'follow_up_done', data: { reached: false, notes: result.notes } });
        break;
      }
      Object.assign(patch, followUpAnswered(state, pb, result.satisfied!, score, now, ctx));
      events.push({ kind: 'follow_up_done', data: { reached: true, satisfied: result.satisfied, score, notes: result.notes } });
      events.push(...followUpOutcomeEvents(state, result.satisfied!, 'follow_up_call'));
      break;
    }
    case 'close': {
      if (command.reason === 'recovered' && state.followUpRecovered !== true) {
        throw badRequest('reason', 'a case is closed as recovered only after a follow-up in which the customer was satisfied');
      }
      Object.assign(patch, closedPatch(command.reason, now));
      events.push({ kind: 'closed', data: { reason: command.reason, note: command.note ?? null } });
      break;
    }
    case 'reopen':
      Object.assign(patch, reopenedPatch(state, pb, now, ctx));
      events.push({ kind: 'reopened', data: { reason: command.reason, trigger: 'manual' } });
      break;
  }
  patch.playbook = pb;
  return { patch, events };
}

function closedPatch(reason: CloseReason, now: Date): CasePatch {
  return { status: 'closed', closedAt: now, closeReason: reason, pendingTransferTo: null, pendingTransferBy: null, nextEscalationAt: null };
}

/**
 * Back to work: the solution did not work (seed 001, step 6: "if not, keep looking"). The customer's
 * words and the facts stay; the proposal, the agreement and the follow-up start again, with a new
 * resolution deadline. The owner stays the owner.
 */
function keepLookingPatch(pb: Playbook, now: Date, ctx: DecideContext): CasePatch {
  delete pb.propose;
  delete pb.agree;
  delete pb.followUp;
  return {
    status: 'in_progress',
    resolvedAt: null,
    resolutionDueAt: addBusinessTime(now, ctx.policy.resolutionMinutes, ctx.calendar),
    resolutionBreachedAt: null,
    followUpScheduledFor: null,
    followUpRemindedAt: null,
    followUpDueAt: null,
    followUpDoneAt: null,
    followUpBreachedAt: null,
    compensationCost: null,
    compensationCurrency: null,
    compensationStatus: null,
    nextEscalationAt: null,
  };
}

function reopenedPatch(state: CaseState, pb: Playbook, now: Date, ctx: DecideContext): CasePatch {
  return { ...keepLookingPatch(pb, now, ctx), closedAt: null, closeReason: null, reopenCount: state.reopenCount + 1 };
}

/** A follow-up answer: recovered → closed as recovered; still unhappy → back to work (or reopened). */
function followUpAnswered(state: CaseState, pb: Playbook, recovered: boolean, score: FollowUpScore | null, now: Date, ctx: DecideContext): CasePatch {
  const answer: CasePatch = {
    followUpDoneAt: now,
    followUpRecovered: recovered,
    followUpScoreKind: score?.kind ?? null,
    followUpScore: score?.value ?? null,
  };
  if (recovered) return state.status === 'closed' ? answer : { ...answer, ...closedPatch('recovered', now) };
  const back = state.status === 'closed' ? reopenedPatch(state, pb, now, ctx) : keepLookingPatch(pb, now, ctx);
  // keepLooking clears the follow-up columns for the next round; the answer itself stays on record.
  return { ...back, followUpRecovered: false, followUpScoreKind: answer.followUpScoreKind, followUpScore: answer.followUpScore };
}

function followUpOutcomeEvents(state: CaseState, recovered: boolean, trigger: string): EventDraft[] {
  if (recovered) return state.status === 'closed' ? [] : [{ kind: 'closed', data: { reason: 'recovered', trigger } }];
  return [{ kind: 'reopened', data: { trigger, wasClosed: state.status === 'closed' } }];
}

export function checkScore(score: FollowUpScore, field: string): void {
  const [min, max] = score.kind === 'nps' ? [0, 10] : [1, 5];
  if (!Number.isInteger(score.value) || score.value < min || score.value > max) {
    throw badRequest(`${field}.value`, `a ${score.kind} score is a whole number from ${min} to ${max}`);
  }
}

/** Passive or promoter (NPS 7–10), or satisfied (CSAT 4–5): the customer is won back. */
export function isRecoveredScore(score: FollowUpScore): boolean {
  return score.kind === 'nps' ? score.value >= 7 : score.value >= 4;
}

/**
 * The follow-up survey was answered (the feedback room calls this through the recovery index): a
 * passive or promoter closes the case as recovered; a customer still unhappy sends it back to work,
 * reopening it if it was closed.
 */
export function decideFollowUpSurvey(state: CaseState, score: FollowUpScore, responseId: string | null, ctx: DecideContext): Transition {
  checkScore(score, 'score');
  const recovered = isRecoveredScore(score);
  const pb: Playbook = structuredClone(state.playbook);
  const result = { at: iso(ctx.now), by: null, reached: true, satisfied: recovered, score, notes: null, source: 'survey' as const };
  pb.followUp = { ...(pb.followUp ?? { recordedAt: iso(ctx.now), by: null, scheduledFor: null, channel: null, resurvey: true }), result };
  const patch = followUpAnswered(state, pb, recovered, score, ctx.now, ctx);
  patch.playbook = pb;
  const events: EventDraft[] = [
    { kind: 'follow_up_answered', data: { score, recovered, responseId } },
    ...followUpOutcomeEvents(state, recovered, 'follow_up_survey'),
  ];
  return { patch, events };
}

/** The next step of the playbook to do, or null when the case is closed. */
export function currentStep(state: Pick<CaseState, 'status' | 'playbook'>): StepKey | null {
  if (state.status === 'closed') return null;
  const pb = state.playbook;
  if (!pb.vent) return 'vent';
  if (!pb.apologise) return 'apologise';
  if (!pb.gather) return 'gather';
  if (!pb.propose || pb.propose.compensation?.status === 'rejected' || (pb.agree && pb.agree.choice === 'declined' && pb.agree.recordedAt >= pb.propose.recordedAt)) return 'propose';
  if (!agreed(pb)) return 'agree';
  return 'follow_up';
}

// ---------- SLA ----------

/** The deadlines of a newly opened case. */
export function openingDeadlines(openedAt: Date, policy: SlaPolicy, calendar: BusinessCalendar): Pick<CaseState, 'firstResponseDueAt' | 'resolutionDueAt'> {
  return {
    firstResponseDueAt: addBusinessTime(openedAt, policy.firstResponseMinutes, calendar),
    resolutionDueAt: addBusinessTime(openedAt, policy.resolutionMinutes, calendar),
  };
}

interface DeadlineView {
  deadline: SlaDeadline;
  dueAt: Date;
  breachedAt: Date | null;
}

/** Deadlines not met yet (breached or not). */
export function unmetDeadlines(state: CaseState): DeadlineView[] {
  if (state.status === 'closed') return [];
  const out: DeadlineView[] = [];
  if (state.firstResponseDueAt && !state.firstRespondedAt) out.push({ deadline: 'first_response', dueAt: state.firstResponseDueAt, breachedAt: state.firstResponseBreachedAt });
  if (state.resolutionDueAt && !state.resolvedAt) out.push({ deadline: 'resolution', dueAt: state.resolutionDueAt, breachedAt: state.resolutionBreachedAt });
  if (state.status === 'awaiting_follow_up' && state.followUpDueAt && !state.followUpDoneAt) {
    out.push({ deadline: 'follow_up', dueAt: state.followUpDueAt, breachedAt: state.followUpBreachedAt });
  }
  return out;
}

export type TimerKind = SlaDeadline | 'escalation' | 'follow_up_reminder';

export interface Timer {
  kind: TimerKind;
  dueAt: Date;
}

/** Everything the SLA job still has to act on, each at its own time. */
export function pendingTimers(state: CaseState): Timer[] {
  const timers: Timer[] = unmetDeadlines(state)
    .filter((d) => d.breachedAt === null)
    .map((d) => ({ kind: d.deadline, dueAt: d.dueAt }));
  if (state.nextEscalationAt && state.escalationLevel < MAX_ESCALATION_LEVEL && unmetDeadlines(state).some((d) => d.breachedAt !== null)) {
    timers.push({ kind: 'escalation', dueAt: state.nextEscalationAt });
  }
  if (state.status === 'awaiting_follow_up' && state.followUpScheduledFor && !state.followUpRemindedAt && !state.followUpDoneAt) {
    timers.push({ kind: 'follow_up_reminder', dueAt: state.followUpScheduledFor });
  }
  return timers.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** Columns kept on write so lists can filter and sort by SLA without computing anything. */
export function derivedSlaColumns(state: CaseState): { nextDueAt: Date | null; nextTimerAt: Date | null } {
  const due = unmetDeadlines(state).map((d) => d.dueAt.getTime());
  const timers = pendingTimers(state);
  return { nextDueAt: due.length > 0 ? new Date(Math.min(...due)) : null, nextTimerAt: timers[0]?.dueAt ?? null };
}

/** How close the next deadline is; "due soon" is within `soonMinutes` of wall-clock time. */
export const DUE_SOON_MINUTES = 120;

export function slaStateOf(nextDueAt: Date | null, now: Date, soonMinutes = DUE_SOON_MINUTES): SlaState {
  if (nextDueAt === null) return 'none';
  if (nextDueAt.getTime() <= now.getTime()) return 'breached';
  return nextDueAt.getTime() - now.getTime() <= soonMinutes * 60_000 ? 'due_soon' : 'on_track';
}

export interface SlaWork {
  /** Deadlines that passed unmet and were not yet recorded as breached. */
  breaches: SlaDeadline[];
  /** An earlier escalation did not help in time: call the next level. */
  escalateAgain: boolean;
  /** The scheduled follow-up date has come: remind the owner (and send the re-survey). */
  remindFollowUp: boolean;
}

export function dueSlaWork(state: CaseState, now: Date): SlaWork {
  const t = now.getTime();
  const breaches = unmetDeadlines(state)
    .filter((d) => d.breachedAt === null && d.dueAt.getTime() <= t)
    .map((d) => d.deadline);
  const escalateAgain =
    breaches.length === 0 &&
    state.nextEscalationAt !== null &&
    state.nextEscalationAt.getTime() <= t &&
    state.escalationLevel < MAX_ESCALATION_LEVEL &&
    unmetDeadlines(state).some((d) => d.breachedAt !== null);
  const remindFollowUp =
    state.status === 'awaiting_follow_up' && state.followUpScheduledFor !== null && state.followUpRemindedAt === null && !state.followUpDoneAt && state.followUpScheduledFor.getTime() <= t;
  return { breaches, escalateAgain, remindFollowUp };
}

/**
 * An SLA breach escalates one level up the path outlet manager → regional → central (the target is
 * found by the store: the next level that has somebody); while the case stays overdue, the next
 * level is called after `escalationMinutes` of business time.
 */
export function decideSlaWork(state: CaseState, work: SlaWork, target: EscalationTarget | undefined, ctx: DecideContext): Transition {
  const patch: CasePatch = {};
  const events: EventDraft[] = [];
  const breachedColumn = { first_response: 'firstResponseBreachedAt', resolution: 'resolutionBreachedAt', follow_up: 'followUpBreachedAt' } as const;
  for (const deadline of work.breaches) {
    patch[breachedColumn[deadline]] = ctx.now;
    const dueAt = unmetDeadlines(state).find((d) => d.deadline === deadline)?.dueAt;
    events.push({ kind: 'sla_breached', data: { deadline, dueAt: dueAt ? iso(dueAt) : null } });
  }
  if ((work.breaches.length > 0 || work.escalateAgain) && target && target.level > state.escalationLevel) {
    patch.escalationLevel = target.level;
    patch.escalatedTo = target.userId;
    events.push({ kind: 'escalated', data: { level: target.level, levelName: ESCALATION_LEVELS[target.level], to: target.userId, trigger: 'sla', deadlines: work.breaches } });
    patch.nextEscalationAt = target.level < MAX_ESCALATION_LEVEL ? addBusinessTime(ctx.now, ctx.policy.escalationMinutes, ctx.calendar) : null;
  } else if (work.escalateAgain) {
    // Nobody further up: stop re-checking.
    patch.nextEscalationAt = null;
  }
  if (work.remindFollowUp) {
    patch.followUpRemindedAt = ctx.now;
    events.push({ kind: 'follow_up_due', data: { scheduledFor: state.followUpScheduledFor ? iso(state.followUpScheduledFor) : null, channel: state.playbook.followUp?.channel ?? null, resurvey: state.playbook.followUp?.resurvey ?? false } });
  }
  return { patch, events };
}

// ---------- recovery rules ----------

export const RULE_KINDS = ['detractor', 'low_csat', 'negative_sentiment', 'failed_audit_item'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
/** Who owns a case a rule opens: the outlet's manager, the staff member of the moment, or the team queue. */
export const RULE_ASSIGNMENTS = ['outlet_manager', 'staff', 'team_queue'] as const;
export type RuleAssignment = (typeof RULE_ASSIGNMENTS)[number];

export interface RecoveryRule {
  ruleId: string;
  /** null: every journey. */
  journeyKey: string | null;
  /** null: every moment of the journey (a moment needs its journey). */
  momentKey: string | null;
  kind: RuleKind;
  /** detractor: NPS ≤ n (0–10); low_csat: CSAT ≤ n (1–5); negative_sentiment: score ≤ x (−1…1); failed_audit_item: unused. */
  threshold: number | null;
  assignTo: RuleAssignment;
  /** A disabled specific rule switches its kind off for its journey or moment. */
  enabled: boolean;
}

export const DEFAULT_THRESHOLDS: Record<RuleKind, number | null> = { detractor: 6, low_csat: 2, negative_sentiment: -0.4, failed_audit_item: null };

const THRESHOLD_RANGES: Record<RuleKind, [number, number] | null> = {
  detractor: [0, 10],
  low_csat: [1, 5],
  negative_sentiment: [-1, 1],
  failed_audit_item: null,
};

export type RuleInput = Omit<RecoveryRule, 'ruleId' | 'threshold' | 'assignTo' | 'enabled' | 'journeyKey' | 'momentKey'> & {
  journeyKey?: string | null;
  momentKey?: string | null;
  threshold?: number | null;
  assignTo?: RuleAssignment;
  enabled?: boolean;
};

export function normaliseRule(input: RuleInput, ruleId: string): RecoveryRule {
  return {
    ruleId,
    journeyKey: input.journeyKey ?? null,
    momentKey: input.momentKey ?? null,
    kind: input.kind,
    threshold: input.kind === 'failed_audit_item' ? null : (input.threshold ?? DEFAULT_THRESHOLDS[input.kind]),
    assignTo: input.assignTo ?? 'outlet_manager',
    enabled: input.enabled ?? true,
  };
}

/** A 400 naming the first problem of a rule list, or nothing. */
export function ruleProblems(rules: readonly RecoveryRule[]): { field: string; message: string } | undefined {
  const seen = new Set<string>();
  for (const [index, rule] of rules.entries()) {
    if (rule.momentKey !== null && rule.journeyKey === null) return { field: `rules.${index}.journeyKey`, message: `rules.${index}: a rule for a moment names its journey too` };
    const range = THRESHOLD_RANGES[rule.kind];
    if (range && (rule.threshold === null || rule.threshold < range[0] || rule.threshold > range[1])) {
      return { field: `rules.${index}.threshold`, message: `rules.${index}.threshold of a ${rule.kind} rule must be from ${range[0]} to ${range[1]}` };
    }
    const scope = `${rule.kind}|${rule.journeyKey ?? ''}|${rule.momentKey ?? ''}`;
    if (seen.has(scope)) return { field: `rules.${index}.kind`, message: `rules.${index}: there is already a ${rule.kind} rule for this journey and moment` };
    seen.add(scope);
  }
  return undefined;
}

/** What happened at a moment, as far as the rules care. */
export interface MomentOutcome {
  journeyKey?: string | null;
  momentKey?: string | null;
  nps?: number | null;
  csat?: number | null;
  /** Comment sentiment, −1 … +1 (keymoment/text). */
  sentiment?: number | null;
  failedAuditItems?: readonly { key: string; critical: boolean }[];
}

export interface RuleMatch {
  ruleId: string;
  reason: Exclude<CaseReason, 'complaint'>;
  /** The value that failed (the score, the sentiment, the audit item's key). */
  value: number | string;
  threshold: number | null;
  assignTo: RuleAssignment;
}

function specificity(rule: RecoveryRule): number {
  return (rule.journeyKey !== null ? 1 : 0) + (rule.momentKey !== null ? 1 : 0);
}

function applies(rule: RecoveryRule, outcome: MomentOutcome): boolean {
  if (rule.journeyKey !== null && rule.journeyKey !== (outcome.journeyKey ?? null)) return false;
  if (rule.momentKey !== null && rule.momentKey !== (outcome.momentKey ?? null)) return false;
  return true;
}

/**
 * Which rules a moment's outcome fails. Per kind, the most specific rule that applies decides (moment
 * over journey over organisation), so a moment can tighten, loosen or switch off the general rule.
 */
export function evaluateRecoveryRules(rules: readonly RecoveryRule[], outcome: MomentOutcome): RuleMatch[] {
  const matches: RuleMatch[] = [];
  for (const kind of RULE_KINDS) {
    const rule = rules
      .filter((candidate) => candidate.kind === kind && applies(candidate, outcome))
      .sort((a, b) => specificity(b) - specificity(a))[0];
    if (!rule || !rule.enabled) continue;
    const base = { ruleId: rule.ruleId, threshold: rule.threshold, assignTo: rule.assignTo };
    if (kind === 'detractor' && isNumber(outcome.nps) && outcome.nps <= rule.threshold!) matches.push({ ...base, reason: 'detractor', value: outcome.nps });
    if (kind === 'low_csat' && isNumber(outcome.csat) && outcome.csat <= rule.threshold!) matches.push({ ...base, reason: 'low_csat', value: outcome.csat });
    if (kind === 'negative_sentiment' && isNumber(outcome.sentiment) && outcome.sentiment <= rule.threshold!) {
      matches.push({ ...base, reason: 'negative_sentiment', value: outcome.sentiment });
    }
    if (kind === 'failed_audit_item') {
      const item = outcome.failedAuditItems?.find((candidate) => candidate.critical);
      if (item) matches.push({ ...base, reason: 'failed_audit_item', value: item.key });
    }
  }
  return matches;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * One open case per customer and visit: the key of the partial unique index. A failure without a visit
 * falls back to its response, so two failing answers of one response still make one case; a complaint
 * with neither is its own case.
 */
export function dedupeKeyOf(input: { visitId?: string | null; responseId?: string | null }): string | null {
  if (input.visitId) return `visit:${input.visitId}`;
  if (input.responseId) return `response:${input.responseId}`;
  return null;
}
