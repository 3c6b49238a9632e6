import { and, asc, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { findUserByEmail, getLocation, getOrganization, listActiveMembers, listLocationAncestry, type ActiveMember } from '../access/index.ts';
import type { Db } from '../platform/database.ts';
import { forgetOrganizationReferences, orgReferenceCache } from '../platform/org-reference-cache.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { createNotifications } from '../notifications/index.ts';
import type { BusinessCalendar, CalendarDay } from './business-time.ts';
import { enqueueWebhookDeliveries } from './webhooks.ts';
import {
  DEFAULT_SLA_POLICY,
  DUE_SOON_MINUTES,
  MAX_ESCALATION_LEVEL,
  RULE_KINDS,
  dedupeKeyOf,
  defaultApprovalSettings,
  derivedSlaColumns,
  isWorkingRole,
  normaliseRule,
  openingDeadlines,
  type ApprovalSettings,
  type CaseChannel,
  type CaseReason,
  type CaseSource,
  type CaseState,
  type CaseStatus,
  type EscalationTarget,
  type EventDraft,
  type MetricGroup,
  type NotificationKind,
  type Playbook,
  type RecoveryRule,
  type RuleAssignment,
  type SlaPolicy,
  type SlaState,
  type Transition,
} from './model.ts';
import { caseEvents, caseParticipants, cases, recoveryCalendarDays, recoveryRules, recoverySettings } from './schema.ts';
import { RECOVERY_NOTIFICATION_PREFIX } from './notification-kinds.ts';

/*
 * SQL of the recovery room. Every function takes the organisation id first and filters by it, so a
 * case of another organisation behaves exactly like a missing one. Functions that write take `db`,
 * which may be a transaction: the feedback room opens cases inside its own response transaction.
 */

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;

/** Who a history entry is by. */
export interface ActorRef {
  kind: 'user' | 'api_key' | 'system';
  id: string | null;
}

export const SYSTEM: ActorRef = { kind: 'system', id: null };

// ---------- settings ----------

export interface RecoverySettings {
  slaPolicy: SlaPolicy;
  approval: ApprovalSettings;
  /** Holidays and extra workdays, in date order. */
  calendarDays: CalendarDay[];
  /** The feedback survey sent as the automatic re-survey of a follow-up; null = none is sent. */
  followUpSurveyKey: string | null;
}

export async function loadRecoverySettings(db: Db, orgId: string): Promise<RecoverySettings> {
  const organization = await getOrganization(db, orgId);
  const [row] = await db.select().from(recoverySettings).where(eq(recoverySettings.orgId, orgId));
  const days = await db.select().from(recoveryCalendarDays).where(eq(recoveryCalendarDays.orgId, orgId)).orderBy(asc(recoveryCalendarDays.day));
  return {
    slaPolicy: row?.slaPolicy ?? DEFAULT_SLA_POLICY,
    approval: row?.approval ?? defaultApprovalSettings(organization.defaultLocale),
    calendarDays: days.map((day) => ({ date: day.day, kind: day.kind, name: day.name, hours: day.hours })),
    followUpSurveyKey: row?.followUpSurveyKey ?? null,
  };
}

export async function saveFollowUpSurveyKey(db: Db, orgId: string, surveyKey: string | null, by: string | null): Promise<void> {
  await db
    .insert(recoverySettings)
    .values({ orgId, followUpSurveyKey: surveyKey, updatedBy: by })
    .onConflictDoUpdate({ target: recoverySettings.orgId, set: { followUpSurveyKey: surveyKey, updatedBy: by, updatedAt: new Date() } });
}

export async function saveSlaPolicy(db: Db, orgId: string, policy: SlaPolicy, by: string | null): Promise<void> {
  await db
    .insert(recoverySettings)
    .values({ orgId, slaPolicy: policy, updatedBy: by })
    .onConflictDoUpdate({ target: recoverySettings.orgId, set: { slaPolicy: policy, updatedBy: by, updatedAt: new Date() } });
}

export async function saveApprovalSettings(db: Db, orgId: string, approval: ApprovalSettings, by: string | null): Promise<void> {
  await db
    .insert(recoverySettings)
    .values({ orgId, approval, updatedBy: by })
    .onConflictDoUpdate({ target: recoverySettings.orgId, set: { approval, updatedBy: by, updatedAt: new Date() } });
}

/** Replaces the whole calendar in one transaction: the list sent is the list kept. */
export async function replaceCalendarDays(db: Db, orgId: string, days: readonly CalendarDay[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCalendarDays).where(eq(recoveryCalendarDays.orgId, orgId));
    if (days.length > 0) {
      await tx.insert(recoveryCalendarDays).values(
        days.map((day) => ({ orgId, day: day.date, kind: day.kind, name: day.name ?? null, hours: day.kind === 'workday' ? (day.hours ?? null) : null })),
      );
    }
  });
}

/** The outlet's business calendar: its own time zone (the organisation's when the case has no location). */
export async function calendarFor(db: Db, orgId: string, locationId: string | null, settings: RecoverySettings): Promise<BusinessCalendar> {
  const timezone = locationId ? (await getLocation(db, orgId, locationId)).timezone : (await getOrganization(db, orgId)).timezone;
  return { timezone, weekHours: settings.slaPolicy.weekHours, holidays: settings.calendarDays };
}

// ---------- rules ----------

/** The organisation's recovery rules, in the order they were listed (a small set, never paged). */
/**
 * The organisation's rules, or — until it saves a list of its own — the defaults: every kind,
 * organisation-wide, at its default threshold, owned by the outlet's manager. (Saving an empty list
 * goes back to the defaults; a disabled rule per kind switches a kind off.)
 */
export async function loadRecoveryRules(db: Db, orgId: string): Promise<RecoveryRule[]> {
  const rows = await db.select().from(recoveryRules).where(eq(recoveryRules.orgId, orgId)).orderBy(asc(recoveryRules.position));
  if (rows.length === 0) return RULE_KINDS.map((kind) => normaliseRule({ kind }, `default:${kind}`));
  return rows.map((row) => ({
    ruleId: row.ruleId,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    kind: row.kind,
    threshold: row.threshold,
    assignTo: row.assignTo,
    enabled: row.enabled,
  }));
}

export async function replaceRecoveryRules(db: Db, orgId: string, rules: readonly RecoveryRule[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(recoveryRules).where(eq(recoveryRules.orgId, orgId));
    if (rules.length > 0) {
      await tx.insert(recoveryRules).values(rules.map((rule, position) => ({ orgId, position, ...rule })));
    }
  });
  forgetOrganizationReferences(orgId);
}

/**
 * The rules through the per-organisation reference cache: every ingest group checks its responses
 * against them, and they change seldom (replacing them forgets). The array is shared: read only.
 */
export async function loadRecoveryRulesCached(db: Db, orgId: string): Promise<RecoveryRule[]> {
  return orgReferenceCache.remember(orgId, 'recovery-rules', () => loadRecoveryRules(db, orgId));
}

// ---------- who is responsible ----------

/** The escalation path of a location: its outlet manager(s), then regional, then central people. */
export interface ResponsibleLevels {
  1: ActiveMember[];
  2: ActiveMember[];
  3: ActiveMember[];
}

/**
 * Who answers for a location, level by level. Outlet level: outlet managers scoped to the location or
 * a city above it. Regional: managers scoped to a region above it. Central: CX managers (then admins) of
 * the whole organisation. Within a level the nearest scope comes first, then the longest-serving member.
 */
export async function responsibleLevels(db: Db, orgId: string, locationId: string | null): Promise<ResponsibleLevels> {
  const ancestry = locationId ? await listLocationAncestry(db, orgId, locationId) : [];
  const levelOf = new Map<string, string>();
  for (const id of ancestry) levelOf.set(id, (await getLocation(db, orgId, id)).level);
  const depthOf = new Map(ancestry.map((id, index) => [id, index] as const));
  const members = await listActiveMembers(db, orgId, { scopes: [...ancestry, null] });
  const nearestFirst = (list: ActiveMember[]) => list.sort((a, b) => (depthOf.get(b.locationId ?? '') ?? -1) - (depthOf.get(a.locationId ?? '') ?? -1));
  return {
    1: nearestFirst(members.filter((m) => m.role === 'outlet_manager' && m.locationId !== null && levelOf.get(m.locationId) !== 'region')),
    2: nearestFirst(members.filter((m) => ['outlet_manager', 'cx_manager', 'admin'].includes(m.role) && m.locationId !== null && levelOf.get(m.locationId) === 'region')),
    // The central CX team before the administrators, who are called only when there is no CX manager.
    3: [...members.filter((m) => m.role === 'cx_manager' && m.locationId === null), ...members.filter((m) => m.role === 'admin' && m.locationId === null)],
  };
}

/** The first level above `fromLevel` that has somebody other than the excluded people. */
export async function findEscalationTarget(
  db: Db,
  orgId: string,
  locationId: string | null,
  fromLevel: number,
  exclude: readonly (string | null)[],
): Promise<EscalationTarget | undefined> {
  const levels = await responsibleLevels(db, orgId, locationId);
  for (let level = fromLevel + 1; level <= MAX_ESCALATION_LEVEL; level++) {
    const person = levels[level as 1 | 2 | 3].find((m) => !exclude.includes(m.userId));
    if (person) return { level, userId: person.userId };
  }
  return undefined;
}

/** Who owns a case a rule opens; null = the team queue. */
export async function ownerForRule(db: Db, orgId: string, locationId: string | null, assignTo: RuleAssignment, staffRef: string | null): Promise<string | null> {
  if (assignTo === 'team_queue') return null;
  if (assignTo === 'staff' && staffRef) {
    const user = staffRef.includes('@') ? await findUserByEmail(db, staffRef) : undefined;
    const [member] = await listActiveMembers(db, orgId, { userIds: [user?.id ?? staffRef] });
    if (member && isWorkingRole(member.role)) return member.userId;
  }
  const levels = await responsibleLevels(db, orgId, locationId);
  return levels[1][0]?.userId ?? levels[2][0]?.userId ?? levels[3][0]?.userId ?? null;
}

/**
 * The people who may approve a compensation of `cost`: the nearest level of the case's escalation
 * path whose role limit covers it (the proposer excluded).
 */
export async function approversFor(db: Db, orgId: string, locationId: string | null, cost: number, approval: ApprovalSettings, exclude: string | null): Promise<string[]> {
  const levels = await responsibleLevels(db, orgId, locationId);
  for (const level of [1, 2, 3] as const) {
    const able = levels[level].filter((m) => m.userId !== exclude && isWorkingRole(m.role) && (approval.limits[m.role] === null || approval.limits[m.role]! >= cost));
    if (able.length > 0) return able.map((m) => m.userId);
  }
  return [];
}

export async function loadMembers(db: Db, orgId: string, userIds: readonly string[]): Promise<ActiveMember[]> {
  return userIds.length === 0 ? [] : listActiveMembers(db, orgId, { userIds });
}

// ---------- cases ----------

export interface NewCase {
  source: CaseSource;
  reason: CaseReason;
  channel: CaseChannel;
  summary: string;
  details?: Record<string, unknown>;
  externalId?: string | null;
  customerRef?: string | null;
  customerName?: string | null;
  customerPhone?: string | null;
  customerEmail?: string | null;
  visitId?: string | null;
  responseId?: string | null;
  journeyKey?: string | null;
  journeyVersion?: number | null;
  momentKey?: string | null;
  locationId?: string | null;
  staffRef?: string | null;
  /** Step 1 recorded as the case opens (a complaint logged while the customer is still there). */
  customerWords?: string | null;
  ownerId: string | null;
  createdBy: string | null;
}

export interface OpenContext {
  now: Date;
  policy: SlaPolicy;
  calendar: BusinessCalendar;
  actor: ActorRef;
}

export type OpenOutcome =
  | { outcome: 'created'; row: CaseRow }
  /** The visit already has an open case: the new trigger was added to its history. */
  | { outcome: 'attached'; row: CaseRow }
  /** A retry of a request with the same external id. */
  | { outcome: 'existing'; row: CaseRow };

function blankToNull(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Opens a case, or finds the one it must not duplicate. The insert does nothing on a conflict with the
 * partial unique index (one open case per customer and visit) or the external id, so concurrent
 * failing answers of a visit wait for each other in the index and the losers attach to the winner.
 * Never raises a constraint error, because it may run inside another room's transaction.
 */
export async function insertCase(db: Db, orgId: string, input: NewCase, ctx: OpenContext): Promise<OpenOutcome> {
  const { now } = ctx;
  const customerRef = blankToNull(input.customerRef);
  const dedupeKey = dedupeKeyOf({ visitId: blankToNull(input.visitId), responseId: blankToNull(input.responseId) });
  const words = blankToNull(input.customerWords);
  const playbook: Playbook = words ? { vent: { recordedAt: now.toISOString(), by: input.createdBy, customerWords: words } } : {};
  const state: CaseState = {
    status: words ? 'in_progress' : 'open',
    ownerId: input.ownerId,
    pendingTransferTo: null,
    pendingTransferBy: null,
    escalationLevel: 0,
    escalatedTo: null,
    playbook,
    openedAt: now,
    ...openingDeadlines(now, ctx.policy, ctx.calendar),
    firstRespondedAt: words ? now : null,
    firstResponseMinutes: words ? 0 : null,
    firstResponseBreachedAt: null,
    resolvedAt: null,
    resolutionMinutes: null,
    resolutionBreachedAt: null,
    followUpScheduledFor: null,
    followUpRemindedAt: null,
    followUpDueAt: null,
    followUpDoneAt: null,
    followUpBreachedAt: null,
    followUpScoreKind: null,
    followUpScore: null,
    followUpRecovered: null,
    nextEscalationAt: null,
    compensationCost: null,
    compensationCurrency: null,
    compensationStatus: null,
    compensationGranted: 0,
    closedAt: null,
    closeReason: null,
    reopenCount: 0,
  };
  // A conflicting open case may be closed between our insert and our look-up; one more try settles it.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [row] = await db
      .insert(cases)
      .values({
        orgId,
        caseId: newId(now.getTime()),
        externalId: blankToNull(input.externalId),
        source: input.source,
        reason: input.reason,
        channel: input.channel,
        summary: input.summary.trim(),
        details: input.details ?? {},
        customerRef,
        customerName: blankToNull(input.customerName),
        customerPhone: blankToNull(input.customerPhone),
        customerEmail: blankToNull(input.customerEmail),
        visitId: blankToNull(input.visitId),
        dedupeKey,
        journeyKey: input.journeyKey ?? null,
        journeyVersion: input.journeyVersion ?? null,
        momentKey: input.momentKey ?? null,
        locationId: input.locationId ?? null,
        staffRef: blankToNull(input.staffRef),
        responseId: blankToNull(input.responseId),
        createdBy: input.createdBy,
        ...state,
        ...derivedSlaColumns(state),
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (row) {
      const events: EventDraft[] = [{ kind: 'opened', data: { source: input.source, reason: input.reason, channel: input.channel, ownerId: input.ownerId, details: input.details ?? {} } }];
      if (words) events.push({ kind: 'step_recorded', data: { step: 'vent', customerWords: words } });
      await insertEvents(db, orgId, row.caseId, events, ctx.actor, now);
      await addParticipants(db, orgId, row.caseId, [input.createdBy, input.ownerId]);
      return { outcome: 'created', row };
    }
    const externalId = blankToNull(input.externalId);
    if (externalId) {
      const [existing] = await db.select().from(cases).where(and(eq(cases.orgId, orgId), eq(cases.externalId, externalId)));
      if (existing) return { outcome: 'existing', row: existing };
    }
    if (dedupeKey) {
      const open = await findOpenCaseOfVisit(db, orgId, customerRef, dedupeKey);
      if (open) {
        await insertEvents(db, orgId, open.caseId, [{ kind: 'attached', data: { source: input.source, reason: input.reason, channel: input.channel, responseId: input.responseId ?? null, details: input.details ?? {} } }], ctx.actor, now);
        return { outcome: 'attached', row: open };
      }
    }
  }
  throw new Error('a case could neither be inserted nor found; a constraint other than the visit rule refused it');
}

export async function findOpenCaseOfVisit(db: Db, orgId: string, customerRef: string | null, dedupeKey: string): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.orgId, orgId),
        sql`coalesce(${cases.customerRef}, '') = ${customerRef ?? ''}`,
        eq(cases.dedupeKey, dedupeKey),
        sql`${cases.status} <> 'closed'`,
      ),
    );
  return row;
}

export async function findCase(db: Db, orgId: string, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(and(eq(cases.orgId, orgId), eq(cases.caseId, caseId)));
  return row;
}

export async function getCase(db: Db, orgId: string, caseId: string): Promise<CaseRow> {
  const row = await findCase(db, orgId, caseId);
  if (!row) throw new NotFoundError('Case');
  return row;
}

/** The case, locked until the transaction ends: two people acting at once are serialised. */
export async function lockCase(tx: Db, orgId: string, caseId: string): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(and(eq(cases.orgId, orgId), eq(cases.caseId, caseId))).for('update');
  if (!row) throw new NotFoundError('Case');
  return row;
}

/** Writes a decision: the changed fields, the SLA columns derived from them, the history entries. */
export async function applyTransition(tx: Db, orgId: string, row: CaseRow, transition: Transition, actor: ActorRef, now: Date): Promise<CaseRow> {
  const next: CaseState = { ...row, ...transition.patch };
  const [updated] = await tx
    .update(cases)
    .set({ ...transition.patch, ...derivedSlaColumns(next), updatedAt: now })
    .where(and(eq(cases.orgId, orgId), eq(cases.caseId, row.caseId)))
    .returning();
  await insertEvents(tx, orgId, row.caseId, transition.events, actor, now);
  return updated!;
}

export async function insertEvents(db: Db, orgId: string, caseId: string, events: readonly EventDraft[], actor: ActorRef, now: Date): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event, index) => ({
    orgId,
    caseId,
    // Ids sort in creation order; one millisecond apart keeps a batch's order too.
    eventId: newId(now.getTime() + index),
    kind: event.kind,
    actorKind: actor.kind,
    actorId: actor.id,
    data: event.data,
    at: now,
  }));
  await db.insert(caseEvents).values(rows);
  // The webhook outbox, in the same transaction as the events it announces.
  await enqueueWebhookDeliveries(db, orgId, caseId, rows.map((row) => ({ eventId: row.eventId, kind: row.kind, at: now, actor: { kind: actor.kind, id: actor.id }, data: row.data })), now);
}

/** The whole timeline of a case, oldest first. */
export async function loadCaseEvents(db: Db, orgId: string, caseId: string): Promise<CaseEventRow[]> {
  return db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.orgId, orgId), eq(caseEvents.caseId, caseId)))
    .orderBy(asc(caseEvents.eventId));
}

export async function addParticipants(db: Db, orgId: string, caseId: string, userIds: readonly (string | null | undefined)[]): Promise<void> {
  const unique = [...new Set(userIds.filter((id): id is string => typeof id === 'string'))];
  if (unique.length === 0) return;
  await db
    .insert(caseParticipants)
    .values(unique.map((userId) => ({ orgId, caseId, userId })))
    .onConflictDoNothing();
}

export async function isParticipant(db: Db, orgId: string, caseId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: caseParticipants.userId })
    .from(caseParticipants)
    .where(and(eq(caseParticipants.orgId, orgId), eq(caseParticipants.caseId, caseId), eq(caseParticipants.userId, userId)));
  return row !== undefined;
}

/** Cases whose SLA job has work due, across organisations (the sweeper is installation tooling). */
export async function loadCasesWithTimersDue(db: Db, now: Date, limit: number): Promise<{ orgId: string; caseId: string }[]> {
  return db
    .select({ orgId: cases.orgId, caseId: cases.caseId })
    .from(cases)
    .where(and(isNotNull(cases.nextTimerAt), lte(cases.nextTimerAt, now)))
    .orderBy(asc(cases.nextTimerAt))
    .limit(limit);
}

// ---------- listing ----------

/** Which cases an actor sees; undefined fields mean "no limit". */
export interface CaseVisibility {
  /** Location ids of the actor's scope; undefined = the whole organisation. */
  locationIds?: string[];
  /** Frontline staff: cases they take part in, plus unowned cases of their scope (the team queue). */
  participantOrQueueOf?: string;
  /** Managers limited to a subtree also see cases they take part in elsewhere. */
  participant?: string;
}

export interface CaseFilters {
  view?: 'mine' | 'team' | 'all';
  /** For `mine`: the person asking. */
  me?: string | null;
  status?: CaseStatus | 'active';
  /** The ids of a location subtree. */
  locationIds?: string[];
  journeyKey?: string;
  momentKey?: string;
  ownerId?: string;
  reason?: CaseReason;
  slaState?: SlaState;
  customerRef?: string;
  now: Date;
}

function inList(column: SQL | typeof cases.locationId, ids: readonly string[]): SQL {
  if (ids.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`;
}

function participates(userId: string): SQL {
  return sql`exists (select 1 from ${caseParticipants} p where p.org_id = ${cases.orgId} and p.case_id = ${cases.caseId} and p.user_id = ${userId})`;
}

export function visibilityCondition(visibility: CaseVisibility): SQL | undefined {
  const inScope = visibility.locationIds ? inList(cases.locationId, visibility.locationIds) : undefined;
  if (visibility.participantOrQueueOf) {
    const queue = inScope ? and(isNull(cases.ownerId), inScope)! : isNull(cases.ownerId);
    return or(participates(visibility.participantOrQueueOf), queue);
  }
  if (!inScope) return undefined;
  return visibility.participant ? or(inScope, participates(visibility.participant)) : inScope;
}

function filterConditions(filters: CaseFilters): SQL[] {
  const conditions: SQL[] = [];
  const me = filters.me ?? null;
  if (filters.view === 'mine') {
    conditions.push(me ? or(eq(cases.ownerId, me), eq(cases.pendingTransferTo, me), eq(cases.escalatedTo, me))! : sql`false`);
  }
  if (filters.view === 'team') conditions.push(isNull(cases.ownerId));
  if (filters.status === 'active') conditions.push(sql`${cases.status} <> 'closed'`);
  else if (filters.status) conditions.push(eq(cases.status, filters.status));
  if (filters.locationIds) conditions.push(inList(cases.locationId, filters.locationIds));
  if (filters.journeyKey) conditions.push(eq(cases.journeyKey, filters.journeyKey));
  if (filters.momentKey) conditions.push(eq(cases.momentKey, filters.momentKey));
  if (filters.ownerId) conditions.push(eq(cases.ownerId, filters.ownerId));
  if (filters.reason) conditions.push(eq(cases.reason, filters.reason));
  if (filters.customerRef) conditions.push(eq(cases.customerRef, filters.customerRef));
  const soon = new Date(filters.now.getTime() + DUE_SOON_MINUTES * 60_000);
  if (filters.slaState === 'breached') conditions.push(lte(cases.nextDueAt, filters.now));
  if (filters.slaState === 'due_soon') conditions.push(and(gt(cases.nextDueAt, filters.now), lte(cases.nextDueAt, soon))!);
  if (filters.slaState === 'on_track') conditions.push(gt(cases.nextDueAt, soon));
  if (filters.slaState === 'none') conditions.push(isNull(cases.nextDueAt));
  return conditions;
}

/** Newest first, paged by id (ids are time-ordered). */
export async function listCases(
  db: Db,
  orgId: string,
  visibility: CaseVisibility,
  filters: CaseFilters,
  page: { limit: number; cursor?: string },
): Promise<Page<CaseRow>> {
  const before = decodeCursor(page.cursor);
  const conditions: (SQL | undefined)[] = [eq(cases.orgId, orgId), visibilityCondition(visibility), ...filterConditions(filters)];
  if (before) conditions.push(lt(cases.caseId, before));
  const rows = await db
    .select()
    .from(cases)
    .where(and(...conditions))
    .orderBy(desc(cases.caseId))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => row.caseId);
}

// ---------- metrics ----------


export interface MetricsRow {
  key: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  cases: number;
  open: number;
  followUpAnswered: number;
  recovered: number;
  recoveryRate: number | null;
  avgFirstResponseMinutes: number | null;
  avgResolutionMinutes: number | null;
  slaBreached: number;
  compensation: { currency: string; cost: number }[];
}

const GROUP_COLUMNS: Record<MetricGroup, SQL> = {
  location: sql`${cases.locationId}`,
  // Staff = the person who owns the recovery (the owner), not the staff member of the failed moment.
  staff: sql`${cases.ownerId}`,
  moment: sql`coalesce(${cases.journeyKey}, '') || '/' || coalesce(${cases.momentKey}, '')`,
};

interface AggregateRow {
  key: string | null;
  journey_key: string | null;
  moment_key: string | null;
  cases: number;
  open: number;
  answered: number;
  recovered: number;
  avg_first_response: number | null;
  avg_resolution: number | null;
  breached: number;
}

/**
 * Recovery metrics by location, staff (case owner) or moment over cases opened in [from, to): all
 * SQL aggregates. Recovery rate = cases whose latest follow-up reached passive/promoter (or
 * satisfied) ÷ cases with a follow-up answer. Times are business minutes kept on the cases as they
 * happened. Compensation is what customers accepted, per currency.
 */
export async function computeMetrics(
  db: Db,
  orgId: string,
  visibility: CaseVisibility,
  options: { groupBy: MetricGroup; from: Date; to: Date },
): Promise<{ groups: MetricsRow[]; total: MetricsRow }> {
  const where = and(eq(cases.orgId, orgId), visibilityCondition(visibility), sql`${cases.openedAt} >= ${options.from}`, sql`${cases.openedAt} < ${options.to}`);
  const keyOf = GROUP_COLUMNS[options.groupBy];
  const momentColumns = options.groupBy === 'moment' ? sql`${cases.journeyKey} as journey_key, ${cases.momentKey} as moment_key` : sql`null::text as journey_key, null::text as moment_key`;
  const groupExtra = options.groupBy === 'moment' ? sql`, ${cases.journeyKey}, ${cases.momentKey}` : sql``;
  const aggregates = sql`
    count(*)::int as cases,
    (count(*) filter (where ${cases.status} <> 'closed'))::int as open,
    (count(*) filter (where ${cases.followUpRecovered} is not null))::int as answered,
    (count(*) filter (where ${cases.followUpRecovered}))::int as recovered,
    avg(${cases.firstResponseMinutes})::float8 as avg_first_response,
    avg(${cases.resolutionMinutes})::float8 as avg_resolution,
    (count(*) filter (where ${cases.firstResponseBreachedAt} is not null or ${cases.resolutionBreachedAt} is not null or ${cases.followUpBreachedAt} is not null))::int as breached`;
  const grouped = rowsOf<AggregateRow>(
    await db.execute(sql`select ${keyOf} as key, ${momentColumns}, ${aggregates} from ${cases} where ${where} group by ${keyOf}${groupExtra} order by 1`),
  );
  const [total] = rowsOf<AggregateRow>(await db.execute(sql`select null::text as key, null::text as journey_key, null::text as moment_key, ${aggregates} from ${cases} where ${where}`));
  const costs = rowsOf<{ key: string | null; currency: string; cost: number }>(
    await db.execute(sql`
      select ${keyOf} as key, ${cases.compensationCurrency} as currency, sum(${cases.compensationGranted})::float8 as cost
      from ${cases} where ${where} and ${cases.compensationGranted} > 0 and ${cases.compensationCurrency} is not null
      group by ${keyOf}, ${cases.compensationCurrency} order by 2`),
  );
  const costOf = (key: string | null | undefined) => {
    const picked = key === undefined ? costs : costs.filter((row) => row.key === key);
    const byCurrency = new Map<string, number>();
    for (const row of picked) byCurrency.set(row.currency, (byCurrency.get(row.currency) ?? 0) + Number(row.cost));
    return [...byCurrency].map(([currency, cost]) => ({ currency, cost: Math.round(cost * 100) / 100 }));
  };
  const toMetrics = (row: AggregateRow, compensation: MetricsRow['compensation']): MetricsRow => ({
    key: row.key,
    journeyKey: row.journey_key,
    momentKey: row.moment_key,
    cases: Number(row.cases),
    open: Number(row.open),
    followUpAnswered: Number(row.answered),
    recovered: Number(row.recovered),
    recoveryRate: Number(row.answered) > 0 ? Number(row.recovered) / Number(row.answered) : null,
    avgFirstResponseMinutes: row.avg_first_response === null ? null : Number(row.avg_first_response),
    avgResolutionMinutes: row.avg_resolution === null ? null : Number(row.avg_resolution),
    slaBreached: Number(row.breached),
    compensation,
  });
  return {
    groups: grouped.map((row) => toMetrics(row, costOf(row.key))),
    total: toMetrics(total!, costOf(undefined)),
  };
}

// ---------- notifications ----------

export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  caseId: string | null;
  data: Record<string, unknown>;
}

/**
 * Notifications about cases go to the shared inbox (the notifications room) as `recovery.<kind>`,
 * opening the case; the kinds worth an e-mail wait in its outbox.
 */
export async function insertNotifications(db: Db, orgId: string, drafts: readonly NotificationDraft[], now: Date): Promise<string[]> {
  return createNotifications(
    db,
    orgId,
    drafts.map((draft) => ({
      userId: draft.userId,
      kind: `${RECOVERY_NOTIFICATION_PREFIX}${draft.kind}`,
      link: draft.caseId ? `/cases/${draft.caseId}` : '/recovery',
      data: draft.caseId ? { ...draft.data, caseId: draft.caseId } : draft.data,
    })),
    now,
  );
}

export function checkTimeRange(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime())) throw badRequest('from', 'from must be an ISO 8601 date-time');
  if (Number.isNaN(to.getTime())) throw badRequest('to', 'to must be an ISO 8601 date-time');
  if (from.getTime() >= to.getTime()) throw badRequest('from', 'from must be earlier than to');
}

function rowsOf<T>(result: unknown): T[] {
  // PGlite's and node-pg's drivers both return `{ rows }` from execute().
  return (result as { rows: T[] }).rows;
}
