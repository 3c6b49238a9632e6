import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
// Foreign keys need the referenced Drizzle tables, and drizzle-kit reads only schema files, so this one
// import reaches past access/index.ts. Table definitions only: no SQL of the access room is used here.
import { locations, memberships, organizations } from '../access/schema.ts';
import type { TimeWindow } from './business-time.ts';
import type {
  ApprovalSettings,
  CaseChannel,
  CaseReason,
  CaseSource,
  CaseStatus,
  CloseReason,
  CompensationStatus,
  EventKind,
  Playbook,
  RuleAssignment,
  RuleKind,
  ScoreKind,
  SlaPolicy,
} from './model.ts';

/*
 * Tables of the recovery room. As everywhere, `org_id` leads every primary and foreign key. People are
 * referenced through their membership, (org_id, user_id) → memberships, so a case can only be owned by,
 * transferred to or escalated to a member of its own organisation. Memberships are deactivated, never
 * deleted, so these references stay valid.
 *
 * Customers, staff and responses of the feedback room are referenced by value (customer_ref,
 * staff_ref, response_id), not by foreign key: a complaint logged at the counter may name a customer
 * the feedback room has never seen, and the audits room will open cases with no response at all.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const orgIdColumn = () => text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' });
const at = (name: string) => timestamp(name, { withTimezone: true });

/** One row per organisation that changed the defaults (SLA policy, approval limits). */
export const recoverySettings = pgTable('recovery_settings', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organizations.orgId, { onDelete: 'cascade' }),
  slaPolicy: jsonb('sla_policy').$type<SlaPolicy>(),
  approval: jsonb('approval').$type<ApprovalSettings>(),
  /** The feedback survey (key) sent as the automatic re-survey of a follow-up; null = none. */
  followUpSurveyKey: text('follow_up_survey_key'),
  updatedAt: updatedAt(),
  updatedBy: text('updated_by'),
});

/** The organisation's holidays and extra working days (China's 调休), in each outlet's local dates. */
export const recoveryCalendarDays = pgTable(
  'recovery_calendar_days',
  {
    orgId: orgIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
    name: text('name'),
    hours: jsonb('hours').$type<TimeWindow[]>(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);

export const recoveryRules = pgTable(
  'recovery_rules',
  {
    orgId: orgIdColumn(),
    ruleId: text('rule_id').notNull(),
    /** Order as the organisation listed them (the API returns them so). */
    position: integer('position').notNull(),
    journeyKey: text('journey_key'),
    momentKey: text('moment_key'),
    kind: text('kind').$type<RuleKind>().notNull(),
    threshold: doublePrecision('threshold'),
    assignTo: text('assign_to').$type<RuleAssignment>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.ruleId] }),
    uniqueIndex('recovery_rules_scope_uq').on(t.orgId, t.kind, sql`coalesce(${t.journeyKey}, '')`, sql`coalesce(${t.momentKey}, '')`),
  ],
);

export const cases = pgTable(
  'cases',
  {
    orgId: orgIdColumn(),
    caseId: text('case_id').notNull(),
    /** The sender's id for cases opened by API: a retried request returns the same case. */
    externalId: text('external_id'),
    source: text('source').$type<CaseSource>().notNull(),
    reason: text('reason').$type<CaseReason>().notNull(),
    channel: text('channel').$type<CaseChannel>().notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    summary: text('summary').notNull(),
    /** What triggered it: rule matches, scores, the comment, the audit item. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    customerRef: text('customer_ref'),
    customerName: text('customer_name'),
    customerPhone: text('customer_phone'),
    customerEmail: text('customer_email'),
    visitId: text('visit_id'),
    /** One open case per customer and visit: see dedupeKeyOf() and the partial unique index below. */
    dedupeKey: text('dedupe_key'),
    journeyKey: text('journey_key'),
    journeyVersion: integer('journey_version'),
    momentKey: text('moment_key'),
    locationId: text('location_id'),
    /** The business's own id of the staff member at the failed moment. */
    staffRef: text('staff_ref'),
    responseId: text('response_id'),
    createdBy: text('created_by'),
    ownerId: text('owner_id'),
    pendingTransferTo: text('pending_transfer_to'),
    pendingTransferBy: text('pending_transfer_by'),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    escalatedTo: text('escalated_to'),
    playbook: jsonb('playbook').$type<Playbook>().notNull().default({}),
    openedAt: at('opened_at').notNull(),
    firstResponseDueAt: at('first_response_due_at'),
    firstRespondedAt: at('first_responded_at'),
    /** Business minutes from opening to the first response (kept so metrics are plain SQL averages). */
    firstResponseMinutes: doublePrecision('first_response_minutes'),
    firstResponseBreachedAt: at('first_response_breached_at'),
    resolutionDueAt: at('resolution_due_at'),
    resolvedAt: at('resolved_at'),
    resolutionMinutes: doublePrecision('resolution_minutes'),
    resolutionBreachedAt: at('resolution_breached_at'),
    followUpScheduledFor: at('follow_up_scheduled_for'),
    followUpRemindedAt: at('follow_up_reminded_at'),
    followUpDueAt: at('follow_up_due_at'),
    followUpDoneAt: at('follow_up_done_at'),
    followUpBreachedAt: at('follow_up_breached_at'),
    followUpScoreKind: text('follow_up_score_kind').$type<ScoreKind>(),
    followUpScore: smallint('follow_up_score'),
    /** The latest follow-up answer: passive/promoter or satisfied (true), still unhappy (false), none (null). */
    followUpRecovered: boolean('follow_up_recovered'),
    nextEscalationAt: at('next_escalation_at'),
    compensationCost: numeric('compensation_cost', { precision: 14, scale: 2, mode: 'number' }),
    compensationCurrency: text('compensation_currency'),
    compensationGranted: numeric('compensation_granted', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    compensationStatus: text('compensation_status').$type<CompensationStatus>(),
    /** The earliest unmet deadline (breached or not): what the inbox sorts and filters by. */
    nextDueAt: at('next_due_at'),
    /** When the SLA job next has something to do; the sweeper looks only at this. */
    nextTimerAt: at('next_timer_at'),
    closedAt: at('closed_at'),
    closeReason: text('close_reason').$type<CloseReason>(),
    reopenCount: integer('reopen_count').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.caseId] }),
    foreignKey({ name: 'cases_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'cases_owner_fk', columns: [t.orgId, t.ownerId], foreignColumns: [memberships.orgId, memberships.userId] }),
    foreignKey({ name: 'cases_transfer_to_fk', columns: [t.orgId, t.pendingTransferTo], foreignColumns: [memberships.orgId, memberships.userId] }),
    foreignKey({ name: 'cases_escalated_to_fk', columns: [t.orgId, t.escalatedTo], foreignColumns: [memberships.orgId, memberships.userId] }),
    uniqueIndex('cases_external_uq').on(t.orgId, t.externalId),
    // The rule "one open case per customer and visit". Inserts use ON CONFLICT DO NOTHING against it,
    // so concurrent failing answers of one visit cannot open two cases.
    uniqueIndex('cases_open_visit_uq')
      .on(t.orgId, sql`coalesce(${t.customerRef}, '')`, t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null and ${t.status} <> 'closed'`),
    index('cases_owner_ix').on(t.orgId, t.ownerId, t.status),
    index('cases_location_ix').on(t.orgId, t.locationId, t.openedAt),
    index('cases_opened_ix').on(t.orgId, t.openedAt),
    index('cases_customer_ix').on(t.orgId, t.customerRef),
    index('cases_timer_ix').on(t.nextTimerAt).where(sql`${t.nextTimerAt} is not null`),
  ],
);

/** The case's timeline: every step, note, transfer, escalation and decision, never changed afterwards. */
export const caseEvents = pgTable(
  'case_events',
  {
    orgId: text('org_id').notNull(),
    caseId: text('case_id').notNull(),
    eventId: text('event_id').notNull(),
    kind: text('kind').$type<EventKind>().notNull(),
    actorKind: text('actor_kind', { enum: ['user', 'api_key', 'system'] }).notNull(),
    /** A user or API key id, kept as written: history outlives keys and memberships. */
    actorId: text('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: at('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.caseId, t.eventId] }),
    foreignKey({ name: 'case_events_case_fk', columns: [t.orgId, t.caseId], foreignColumns: [cases.orgId, cases.caseId] }).onDelete('cascade'),
  ],
);

/**
 * Everyone a case has involved (owners past and present, transfer targets, escalation contacts,
 * people mentioned): frontline staff see the cases they take part in.
 */
export const caseParticipants = pgTable(
  'case_participants',
  {
    orgId: text('org_id').notNull(),
    caseId: text('case_id').notNull(),
    userId: text('user_id').notNull(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.caseId, t.userId] }),
    foreignKey({ name: 'case_participants_case_fk', columns: [t.orgId, t.caseId], foreignColumns: [cases.orgId, cases.caseId] }).onDelete('cascade'),
    foreignKey({ name: 'case_participants_member_fk', columns: [t.orgId, t.userId], foreignColumns: [memberships.orgId, memberships.userId] }),
    index('case_participants_user_ix').on(t.orgId, t.userId),
  ],
);

// The notifications inbox (once this room's own) is the notifications room's: src/notifications/schema.ts.

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/** Where case events are posted (signed with the webhook's secret). */
export const recoveryWebhooks = pgTable(
  'recovery_webhooks',
  {
    orgId: orgIdColumn(),
    webhookId: text('webhook_id').notNull(),
    url: text('url').notNull(),
    /** HMAC-SHA256 key of the signature header; shown once when the webhook is created. */
    secret: text('secret').notNull(),
    /** Event kinds to send (`case.opened`, …); empty = every case event. */
    events: jsonb('events').$type<string[]>().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.webhookId] })],
);

/** The webhook outbox: one row per event and webhook, written in the event's transaction. */
export const webhookDeliveries = pgTable(
  'recovery_webhook_deliveries',
  {
    orgId: text('org_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    webhookId: text('webhook_id').notNull(),
    caseId: text('case_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    claimedAt: at('claimed_at'),
    lastError: text('last_error'),
    deliveredAt: at('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.deliveryId] }),
    foreignKey({ name: 'recovery_webhook_deliveries_webhook_fk', columns: [t.orgId, t.webhookId], foreignColumns: [recoveryWebhooks.orgId, recoveryWebhooks.webhookId] }).onDelete('cascade'),
    index('recovery_webhook_deliveries_due_ix').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
  ],
);
