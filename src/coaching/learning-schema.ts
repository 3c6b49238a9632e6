import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
// Foreign keys need the referenced Drizzle tables and drizzle-kit reads only schema files, so this
// import reaches past access/index.ts. Table definitions only: no SQL of the access room is used here.
import { authUsers, locations, organizations } from '../access/schema.ts';
import type { TranslatableText } from '../journeys/index.ts';

/*
 * The learning half of the coaching room: staff members, learning-card read receipts, manager-added
 * phrases and questions, exams, attempts, certificates and training assignments. `org_id` leads every
 * primary and foreign key. Journeys and moments are referred to by their stable keys (+ version),
 * never by row ids, like feedback and audits do.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A frontline staff member as the feedback data knows them: `staff_id` is the business's own
 * identifier (the `staffId` of interactions and responses); `user_id` links the person's sign-in.
 */
export const coachingStaff = pgTable(
  'coaching_staff',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    staffId: text('staff_id').notNull(),
    userId: text('user_id').references(() => authUsers.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    locationId: text('location_id'),
    /** A free role label ("Counter agent"), matched against exams' target role. */
    role: text('role'),
    locale: text('locale').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.staffId] }),
    uniqueIndex('coaching_staff_user_uq').on(t.orgId, t.userId),
    foreignKey({ name: 'coaching_staff_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
  ],
);

/** Phrases a manager adds to a moment's card, besides those derived from the blueprint. */
export const coachingPhrases = pgTable(
  'coaching_phrases',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    phraseId: text('phrase_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    kind: text('kind', { enum: ['use', 'avoid'] }).notNull(),
    text: jsonb('text').$type<TranslatableText>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.phraseId] }), index('coaching_phrases_moment_ix').on(t.orgId, t.journeyKey, t.momentKey)],
);

/** "I have read it": one row per staff member, moment and published version. */
export const coachingReadReceipts = pgTable(
  'coaching_read_receipts',
  {
    orgId: text('org_id').notNull(),
    staffId: text('staff_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    journeyVersion: integer('journey_version').notNull(),
    momentKey: text('moment_key').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.staffId, t.journeyKey, t.journeyVersion, t.momentKey] }),
    foreignKey({ name: 'coaching_read_receipts_staff_fk', columns: [t.orgId, t.staffId], foreignColumns: [coachingStaff.orgId, coachingStaff.staffId] }).onDelete('cascade'),
  ],
);

/** A manager-authored question (generated questions are derived from the blueprint, never stored). */
export const coachingQuestions = pgTable(
  'coaching_questions',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    /** single / multiple choice, order (options stored in the right order), phrase (pick the one right phrase). */
    kind: text('kind', { enum: ['single', 'multiple', 'order', 'phrase'] }).notNull(),
    prompt: jsonb('prompt').$type<TranslatableText>().notNull(),
    options: jsonb('options').$type<{ id: string; text: TranslatableText; correct: boolean }[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.questionId] }), index('coaching_questions_moment_ix').on(t.orgId, t.journeyKey, t.momentKey)],
);

export const coachingExams = pgTable(
  'coaching_exams',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    examId: text('exam_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    /** The moments examined; empty = every moment of the journey. */
    momentKeys: jsonb('moment_keys').$type<string[]>().notNull(),
    title: jsonb('title').$type<TranslatableText>().notNull(),
    /** once | weekly | monthly | quarterly: a recurring exam is sat once per period. */
    schedule: text('schedule', { enum: ['once', 'weekly', 'monthly', 'quarterly'] }).notNull(),
    targetRole: text('target_role'),
    targetLocationId: text('target_location_id'),
    /** Percent of questions right needed to pass. */
    passMark: integer('pass_mark').notNull(),
    /** How long a certificate from this exam is valid (months); null = the exam gives none. */
    certificateMonths: integer('certificate_months'),
    /** How many questions one sitting draws from the bank (a fixed draw per staff member and period); null = all. */
    questionCount: integer('question_count'),
    /** Set for the re-test exams the weak-moment job creates (one per journey moment). */
    retestFor: text('retest_for'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.examId] }),
    uniqueIndex('coaching_exams_retest_uq').on(t.orgId, t.journeyKey, t.retestFor),
    foreignKey({ name: 'coaching_exams_location_fk', columns: [t.orgId, t.targetLocationId], foreignColumns: [locations.orgId, locations.locationId] }),
    check('coaching_exams_pass_mark_ck', sql`${t.passMark} between 1 and 100`),
  ],
);

export const coachingAttempts = pgTable(
  'coaching_attempts',
  {
    orgId: text('org_id').notNull(),
    attemptId: text('attempt_id').notNull(),
    examId: text('exam_id').notNull(),
    staffId: text('staff_id').notNull(),
    journeyVersion: integer('journey_version').notNull(),
    /** First day of the exam's period (the sitting) this attempt belongs to. */
    periodStart: text('period_start').notNull(),
    locale: text('locale').notNull(),
    answers: jsonb('answers').$type<Record<string, string[]>>().notNull(),
    /** Per question: right or wrong, as scored by the server. */
    results: jsonb('results').$type<{ questionId: string; momentKey: string; correct: boolean }[]>().notNull(),
    scorePercent: doublePrecision('score_percent').notNull(),
    passed: boolean('passed').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.attemptId] }),
    foreignKey({ name: 'coaching_attempts_exam_fk', columns: [t.orgId, t.examId], foreignColumns: [coachingExams.orgId, coachingExams.examId] }).onDelete('cascade'),
    foreignKey({ name: 'coaching_attempts_staff_fk', columns: [t.orgId, t.staffId], foreignColumns: [coachingStaff.orgId, coachingStaff.staffId] }).onDelete('cascade'),
    index('coaching_attempts_staff_ix').on(t.orgId, t.staffId),
  ],
);

export const coachingCertificates = pgTable(
  'coaching_certificates',
  {
    orgId: text('org_id').notNull(),
    certificateId: text('certificate_id').notNull(),
    staffId: text('staff_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    journeyVersion: integer('journey_version').notNull(),
    examId: text('exam_id').notNull(),
    attemptId: text('attempt_id').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.certificateId] }),
    foreignKey({ name: 'coaching_certificates_attempt_fk', columns: [t.orgId, t.attemptId], foreignColumns: [coachingAttempts.orgId, coachingAttempts.attemptId] }).onDelete('cascade'),
    foreignKey({ name: 'coaching_certificates_staff_fk', columns: [t.orgId, t.staffId], foreignColumns: [coachingStaff.orgId, coachingStaff.staffId] }).onDelete('cascade'),
  ],
);

/**
 * A training assignment: read the moment's card and pass its re-test. Created once per staff member,
 * moment and journey version (the unique index makes the job idempotent).
 */
export const coachingAssignments = pgTable(
  'coaching_assignments',
  {
    orgId: text('org_id').notNull(),
    assignmentId: text('assignment_id').notNull(),
    staffId: text('staff_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    journeyVersion: integer('journey_version').notNull(),
    momentKey: text('moment_key').notNull(),
    /** staff = the person's own score was below; outlet = their outlet's score was. */
    reason: text('reason', { enum: ['staff', 'outlet'] }).notNull(),
    locationId: text('location_id'),
    metric: text('metric').notNull(),
    score: doublePrecision('score').notNull(),
    benchmark: doublePrecision('benchmark').notNull(),
    answers: integer('answers').notNull(),
    examId: text('exam_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.assignmentId] }),
    uniqueIndex('coaching_assignments_once_uq').on(t.orgId, t.staffId, t.journeyKey, t.momentKey, t.journeyVersion),
    foreignKey({ name: 'coaching_assignments_staff_fk', columns: [t.orgId, t.staffId], foreignColumns: [coachingStaff.orgId, coachingStaff.staffId] }).onDelete('cascade'),
    foreignKey({ name: 'coaching_assignments_exam_fk', columns: [t.orgId, t.examId], foreignColumns: [coachingExams.orgId, coachingExams.examId] }),
  ],
);
