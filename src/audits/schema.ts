import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
// Foreign keys need the referenced Drizzle tables, and drizzle-kit reads only schema files, so this one
// import reaches past access/index.ts. Table definitions only: no SQL of the access room is used here.
import { authUsers, locations, organizations } from '../access/schema.ts';
import type { ImpactInputs } from './improvement-impact.ts';
import type { Answers, ChecklistDefinition, RunResult, TranslatableText } from './model.ts';

/*
 * Tables of the audits room. As everywhere, `org_id` leads every primary and foreign key, so no row
 * can point into another organisation and the tables shard by org_id.
 *
 * A checklist's content is one jsonb document per draft and per version, read and written whole; its
 * items are addressed by stable keys. Submitted answers are also copied into `audit_answers` (one row
 * per item) and summed into `audit_compliance_rollups` in the same transaction, so trends are SQL
 * over small tables, never a walk through jsonb.
 *
 * audit_checklist_versions rows are immutable once written (a trigger in the migration after the
 * tables refuses UPDATE and direct DELETE), because every run points at the version it was filled in.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const RUN_KINDS = ['self_inspection', 'walk_through', 'mystery_shopping'] as const;
export const RUN_STATUSES = ['open', 'in_progress', 'submitted', 'cancelled'] as const;
export const FREQUENCIES = ['weekly', 'monthly', 'quarterly'] as const;
export const ACTION_STATUSES = ['open', 'done', 'verified'] as const;
export const ACTION_EVENT_KINDS = ['opened', 'failed_again', 'done', 'undone', 'reopened', 'verified', 'escalated', 'reassigned', 'rescheduled'] as const;
export const NOTIFICATION_KINDS = ['run_assigned', 'action_assigned', 'action_reopened', 'action_overdue'] as const;
export const IMPROVEMENT_STATUSES = ['plan', 'do', 'check', 'act', 'closed'] as const;
export const IMPROVEMENT_SOURCES = ['moment', 'audit', 'case'] as const;

export const auditChecklists = pgTable(
  'audit_checklists',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    checklistId: text('checklist_id').notNull(),
    /** Stable slug, unique in the organisation. */
    key: text('key').notNull(),
    name: jsonb('name').$type<TranslatableText>().notNull(),
    description: jsonb('description').$type<TranslatableText>(),
    fallbackLocale: text('fallback_locale').notNull(),
    templateKey: text('template_key'),
    /** The working copy; publishing copies it into audit_checklist_versions. */
    draft: jsonb('draft').$type<ChecklistDefinition>().notNull(),
    draftRevision: integer('draft_revision').notNull().default(1),
    draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }).notNull().defaultNow(),
    draftUpdatedBy: text('draft_updated_by').references(() => authUsers.id, { onDelete: 'set null' }),
    draftDiffers: boolean('draft_differs').notNull().default(true),
    publishedVersion: integer('published_version'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.checklistId] }), uniqueIndex('audit_checklists_key_uq').on(t.orgId, t.key)],
);

export const auditChecklistVersions = pgTable(
  'audit_checklist_versions',
  {
    orgId: text('org_id').notNull(),
    checklistId: text('checklist_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<ChecklistDefinition>().notNull(),
    /** Kept beside the document so runs and trends can filter by journey without reading jsonb. */
    journeyKey: text('journey_key').notNull(),
    fallbackLocale: text('fallback_locale').notNull(),
    note: text('note'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: text('published_by').references(() => authUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.checklistId, t.version] }),
    foreignKey({ name: 'audit_checklist_versions_checklist_fk', columns: [t.orgId, t.checklistId], foreignColumns: [auditChecklists.orgId, auditChecklists.checklistId] }).onDelete('cascade'),
    check('audit_checklist_versions_version_ck', sql`${t.version} >= 1`),
  ],
);

/** A recurring audit of one checklist at one outlet ("every month, in the first week"). */
export const auditSchedules = pgTable(
  'audit_schedules',
  {
    orgId: text('org_id').notNull(),
    scheduleId: text('schedule_id').notNull(),
    checklistId: text('checklist_id').notNull(),
    locationId: text('location_id').notNull(),
    kind: text('kind', { enum: RUN_KINDS }).notNull(),
    frequency: text('frequency', { enum: FREQUENCIES }).notNull(),
    /** 1–28, so every month has the day. */
    dayOfMonth: integer('day_of_month'),
    /** ISO weekday, 1 = Monday … 7 = Sunday. */
    weekday: integer('weekday'),
    /** Days from the scheduled date to the due date of each run. */
    dueDays: integer('due_days').notNull().default(7),
    assigneeUserId: text('assignee_user_id').references(() => authUsers.id, { onDelete: 'set null' }),
    /** The next local date (in the outlet's time zone) a run is created for. */
    nextRunOn: date('next_run_on', { mode: 'string' }).notNull(),
    lastRunOn: date('last_run_on', { mode: 'string' }),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.scheduleId] }),
    foreignKey({ name: 'audit_schedules_checklist_fk', columns: [t.orgId, t.checklistId], foreignColumns: [auditChecklists.orgId, auditChecklists.checklistId] }).onDelete('cascade'),
    foreignKey({ name: 'audit_schedules_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    index('audit_schedules_due_ix').on(t.nextRunOn),
    check('audit_schedules_day_ck', sql`${t.dayOfMonth} is null or ${t.dayOfMonth} between 1 and 28`),
    check('audit_schedules_weekday_ck', sql`${t.weekday} is null or ${t.weekday} between 1 and 7`),
  ],
);

export const auditRuns = pgTable(
  'audit_runs',
  {
    orgId: text('org_id').notNull(),
    runId: text('run_id').notNull(),
    checklistId: text('checklist_id').notNull(),
    checklistVersion: integer('checklist_version').notNull(),
    journeyKey: text('journey_key').notNull(),
    /** The journey version in force at the outlet when the run was created (null: none published). */
    journeyVersion: integer('journey_version'),
    locationId: text('location_id').notNull(),
    kind: text('kind', { enum: RUN_KINDS }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('open'),
    assigneeUserId: text('assignee_user_id').references(() => authUsers.id, { onDelete: 'set null' }),
    scheduleId: text('schedule_id'),
    /** The schedule's local date this run was created for; with schedule_id it makes the job idempotent. */
    scheduledFor: date('scheduled_for', { mode: 'string' }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    /** The current mystery-shopper link; issuing a new one (or cancelling the run) kills older links. */
    linkId: text('link_id'),
    linkExpiresAt: timestamp('link_expires_at', { withTimezone: true }),
    linkLocale: text('link_locale'),
    answers: jsonb('answers').$type<Answers>().notNull().default({}),
    answersSavedAt: timestamp('answers_saved_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: text('submitted_by').references(() => authUsers.id, { onDelete: 'set null' }),
    /** Weighted compliance in % (N/A items excluded); null until submitted or when nothing applied. */
    compliance: doublePrecision('compliance'),
    passed: boolean('passed'),
    criticalFailed: boolean('critical_failed'),
    result: jsonb('result').$type<RunResult>(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.runId] }),
    foreignKey({
      name: 'audit_runs_version_fk',
      columns: [t.orgId, t.checklistId, t.checklistVersion],
      foreignColumns: [auditChecklistVersions.orgId, auditChecklistVersions.checklistId, auditChecklistVersions.version],
    }).onDelete('cascade'),
    foreignKey({ name: 'audit_runs_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'audit_runs_schedule_fk', columns: [t.orgId, t.scheduleId], foreignColumns: [auditSchedules.orgId, auditSchedules.scheduleId] }),
    uniqueIndex('audit_runs_schedule_uq').on(t.orgId, t.scheduleId, t.scheduledFor),
    uniqueIndex('audit_runs_idempotency_uq').on(t.orgId, t.idempotencyKey),
    index('audit_runs_location_ix').on(t.orgId, t.locationId, t.submittedAt),
    index('audit_runs_assignee_ix').on(t.orgId, t.assigneeUserId, t.status),
  ],
);

/** One row per answered item of a submitted run: the raw material of trends and of action follow-up. */
export const auditAnswers = pgTable(
  'audit_answers',
  {
    orgId: text('org_id').notNull(),
    runId: text('run_id').notNull(),
    itemKey: text('item_key').notNull(),
    checklistId: text('checklist_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    /** yes, no, na, or score. */
    outcome: text('outcome', { enum: ['yes', 'no', 'na', 'score'] }).notNull(),
    score: integer('score'),
    maxScore: integer('max_score'),
    weight: doublePrecision('weight').notNull(),
    critical: boolean('critical').notNull(),
    /** null when not applicable. */
    passed: boolean('passed'),
    earned: doublePrecision('earned').notNull(),
    possible: doublePrecision('possible').notNull(),
    note: text('note'),
    evidenceCount: integer('evidence_count').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.runId, t.itemKey] }),
    foreignKey({ name: 'audit_answers_run_fk', columns: [t.orgId, t.runId], foreignColumns: [auditRuns.orgId, auditRuns.runId] }).onDelete('cascade'),
    index('audit_answers_item_ix').on(t.orgId, t.locationId, t.checklistId, t.itemKey, t.submittedAt),
  ],
);

/**
 * Sums of answers per month (in the outlet's time zone), outlet, checklist, moment and item, kept on
 * submit. Item, moment and outlet trends add these up; a test checks they equal the raw answers.
 */
export const auditComplianceRollups = pgTable(
  'audit_compliance_rollups',
  {
    orgId: text('org_id').notNull(),
    periodMonth: date('period_month', { mode: 'string' }).notNull(),
    locationId: text('location_id').notNull(),
    checklistId: text('checklist_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    itemKey: text('item_key').notNull(),
    answered: integer('answered').notNull().default(0),
    passedCount: integer('passed_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    notApplicable: integer('not_applicable').notNull().default(0),
    criticalFailures: integer('critical_failures').notNull().default(0),
    earned: doublePrecision('earned').notNull().default(0),
    possible: doublePrecision('possible').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.periodMonth, t.locationId, t.checklistId, t.momentKey, t.itemKey] }),
    foreignKey({ name: 'audit_rollups_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'audit_rollups_checklist_fk', columns: [t.orgId, t.checklistId], foreignColumns: [auditChecklists.orgId, auditChecklists.checklistId] }).onDelete('cascade'),
  ],
);

/** A photo attached to one item of a run; the bytes live in the evidence storage under `storage_key`. */
export const auditEvidence = pgTable(
  'audit_evidence',
  {
    orgId: text('org_id').notNull(),
    evidenceId: text('evidence_id').notNull(),
    runId: text('run_id').notNull(),
    itemKey: text('item_key').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').references(() => authUsers.id, { onDelete: 'set null' }),
    /** `app` for a signed-in person, `shopper_link` for a mystery shopper. */
    uploadedVia: text('uploaded_via', { enum: ['app', 'shopper_link'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.evidenceId] }),
    foreignKey({ name: 'audit_evidence_run_fk', columns: [t.orgId, t.runId], foreignColumns: [auditRuns.orgId, auditRuns.runId] }).onDelete('cascade'),
    index('audit_evidence_run_ix').on(t.orgId, t.runId),
  ],
);

/** A corrective action opened by a failed item; the next audit of that item at that outlet verifies it. */
export const auditActions = pgTable(
  'audit_actions',
  {
    orgId: text('org_id').notNull(),
    actionId: text('action_id').notNull(),
    locationId: text('location_id').notNull(),
    checklistId: text('checklist_id').notNull(),
    itemKey: text('item_key').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    /** The item's text when the action was opened, so the action reads well without the checklist. */
    title: jsonb('title').$type<TranslatableText>().notNull(),
    critical: boolean('critical').notNull(),
    sourceRunId: text('source_run_id').notNull(),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('open'),
    ownerUserId: text('owner_user_id').references(() => authUsers.id, { onDelete: 'set null' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    note: text('note'),
    reopenCount: integer('reopen_count').notNull().default(0),
    escalationLevel: integer('escalation_level').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedByRunId: text('verified_by_run_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.actionId] }),
    foreignKey({ name: 'audit_actions_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'audit_actions_checklist_fk', columns: [t.orgId, t.checklistId], foreignColumns: [auditChecklists.orgId, auditChecklists.checklistId] }).onDelete('cascade'),
    foreignKey({ name: 'audit_actions_source_run_fk', columns: [t.orgId, t.sourceRunId], foreignColumns: [auditRuns.orgId, auditRuns.runId] }).onDelete('cascade'),
    foreignKey({ name: 'audit_actions_verified_run_fk', columns: [t.orgId, t.verifiedByRunId], foreignColumns: [auditRuns.orgId, auditRuns.runId] }),
    // At most one unverified action per item and outlet: a repeated failure reopens it instead.
    uniqueIndex('audit_actions_item_uq')
      .on(t.orgId, t.locationId, t.checklistId, t.itemKey)
      .where(sql`${t.status} <> 'verified'`),
    index('audit_actions_due_ix').on(t.orgId, t.status, t.dueAt),
  ],
);

export const auditActionEvents = pgTable(
  'audit_action_events',
  {
    orgId: text('org_id').notNull(),
    eventId: text('event_id').notNull(),
    actionId: text('action_id').notNull(),
    kind: text('kind', { enum: ACTION_EVENT_KINDS }).notNull(),
    runId: text('run_id'),
    userId: text('user_id').references(() => authUsers.id, { onDelete: 'set null' }),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.eventId] }),
    foreignKey({ name: 'audit_action_events_action_fk', columns: [t.orgId, t.actionId], foreignColumns: [auditActions.orgId, auditActions.actionId] }).onDelete('cascade'),
    index('audit_action_events_action_ix').on(t.orgId, t.actionId),
  ],
);

// Assignments, reopened and overdue actions reach people through the shared notifications inbox
// (src/notifications, kinds audits.*).

/**
 * Plan → do → check → act on a moment, started from a weak moment (insights), an audit or a case.
 * `impact` = driver importance × gap to benchmark (src/audits/improvement-impact.ts), computed from the
 * insights door after creation and daily while the action is open; `impactInputs` keeps what it was
 * computed from (importance, metric, benchmark, score, gap) or why it could not be.
 */
export const improvementActions = pgTable(
  'improvement_actions',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    improvementId: text('improvement_id').notNull(),
    title: text('title').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    /** Root of the location subtree the action covers; null = the whole organisation. */
    locationId: text('location_id'),
    sourceKind: text('source_kind', { enum: IMPROVEMENT_SOURCES }).notNull(),
    sourceRunId: text('source_run_id'),
    /** A case of the recovery room; no foreign key until that room's tables exist. */
    sourceCaseId: text('source_case_id'),
    hypothesis: text('hypothesis').notNull(),
    ownerUserId: text('owner_user_id').references(() => authUsers.id, { onDelete: 'set null' }),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: IMPROVEMENT_STATUSES }).notNull().default('plan'),
    /** Each act → plan starts a new PDCA cycle. */
    cycle: integer('cycle').notNull().default(1),
    notes: text('notes'),
    impact: doublePrecision('impact'),
    impactComputedAt: timestamp('impact_computed_at', { withTimezone: true }),
    impactInputs: jsonb('impact_inputs').$type<ImpactInputs>(),
    idempotencyKey: text('idempotency_key'),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.improvementId] }),
    foreignKey({ name: 'improvement_actions_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'improvement_actions_run_fk', columns: [t.orgId, t.sourceRunId], foreignColumns: [auditRuns.orgId, auditRuns.runId] }),
    uniqueIndex('improvement_actions_idempotency_uq').on(t.orgId, t.idempotencyKey),
    index('improvement_actions_moment_ix').on(t.orgId, t.journeyKey, t.momentKey),
  ],
);
