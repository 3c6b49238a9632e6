import { foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
// Foreign keys need the referenced Drizzle tables, and drizzle-kit reads only schema files, so this one
// import reaches past access/index.ts. Table definitions only: no SQL of the access room is used here.
import { locations, memberships, organizations } from '../access/schema.ts';
import type { CustomerType, RecognitionKind, RubricItem, RubricScore } from './engagement.ts';
import { coachingStaff } from './learning-schema.ts';

/*
 * The engagement half of the coaching room: role-play scenarios and their scored results, the
 * anonymous employee pulse, and recognition (compliments from customers, praise from managers).
 * `org_id` leads every primary and foreign key. Staff members are the room's `coaching_staff` rows
 * (the business's own staff id, the same one interactions and responses carry, optionally linked
 * to a member's sign-in); managers and pulse participants are members, (org_id, user_id) →
 * memberships. Responses are referenced by value (response_id), not by foreign key.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const orgIdColumn = () => text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' });

/** Organisation settings of the engagement features (one row once a default was changed). */
export const coachingEngagementSettings = pgTable('coaching_engagement_settings', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organizations.orgId, { onDelete: 'cascade' }),
  /** Pulse results of a group smaller than this are hidden (≥ 3). */
  pulseMinimumGroup: integer('pulse_minimum_group').notNull().default(5),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A role-play card for one moment: who the customer is, the situation and what a good answer contains. */
export const rolePlayScenarios = pgTable(
  'coaching_role_play_scenarios',
  {
    orgId: orgIdColumn(),
    scenarioId: text('scenario_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    customerType: text('customer_type').$type<CustomerType>().notNull(),
    title: text('title').notNull(),
    situation: text('situation').notNull(),
    goodAnswer: text('good_answer').notNull(),
    /** Frozen when the card is written: the moment's action guide (behaviour model) and, for red customers, the six complaint steps. */
    rubric: jsonb('rubric').$type<RubricItem[]>().notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.scenarioId] }), index('coaching_role_play_scenarios_moment_ix').on(t.orgId, t.journeyKey, t.momentKey)],
);

/** A role play a manager scored for one staff member. */
export const rolePlayResults = pgTable(
  'coaching_role_play_results',
  {
    orgId: orgIdColumn(),
    resultId: text('result_id').notNull(),
    scenarioId: text('scenario_id').notNull(),
    staffId: text('staff_id').notNull(),
    scoredBy: text('scored_by').notNull(),
    scores: jsonb('scores').$type<RubricScore[]>().notNull(),
    /** 0–100: the points given over the points possible. */
    percent: integer('percent').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.resultId] }),
    foreignKey({ name: 'coaching_role_play_results_scenario_fk', columns: [t.orgId, t.scenarioId], foreignColumns: [rolePlayScenarios.orgId, rolePlayScenarios.scenarioId] }),
    foreignKey({ name: 'coaching_role_play_results_staff_fk', columns: [t.orgId, t.staffId], foreignColumns: [coachingStaff.orgId, coachingStaff.staffId] }),
    foreignKey({ name: 'coaching_role_play_results_scorer_fk', columns: [t.orgId, t.scoredBy], foreignColumns: [memberships.orgId, memberships.userId] }),
    index('coaching_role_play_results_staff_ix').on(t.orgId, t.staffId, t.resultId),
  ],
);

/**
 * Pulse answers: NO person, NO time (the id is random, not time-ordered), only the outlet and the
 * period, so an answer cannot be joined back to the participation row written beside it.
 */
export const pulseAnswers = pgTable(
  'coaching_pulse_answers',
  {
    orgId: orgIdColumn(),
    answerId: text('answer_id').notNull(),
    locationId: text('location_id').notNull(),
    /** The calendar month, YYYY-MM. */
    period: text('period').notNull(),
    enps: smallint('enps').notNull(),
    tools: smallint('tools').notNull(),
    training: smallint('training').notNull(),
    recognition: smallint('recognition').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.answerId] }),
    foreignKey({ name: 'coaching_pulse_answers_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    index('coaching_pulse_answers_period_ix').on(t.orgId, t.period, t.locationId),
  ],
);

/** That a person has answered the pulse of a period (never what): refuses a second answer. */
export const pulseParticipation = pgTable(
  'coaching_pulse_participation',
  {
    orgId: orgIdColumn(),
    period: text('period').notNull(),
    userId: text('user_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.period, t.userId] }),
    foreignKey({ name: 'coaching_pulse_participation_member_fk', columns: [t.orgId, t.userId], foreignColumns: [memberships.orgId, memberships.userId] }),
  ],
);

/**
 * Responses that name a staff member and carry a comment, written in the ingest transaction; the
 * compliment sweep takes them once the insights room has analysed the comment, then deletes them.
 */
export const complimentCandidates = pgTable(
  'coaching_compliment_candidates',
  {
    orgId: orgIdColumn(),
    responseId: text('response_id').notNull(),
    staffId: text('staff_id').notNull(),
    locationId: text('location_id'),
    journeyKey: text('journey_key'),
    momentKey: text('moment_key'),
    comment: text('comment').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.responseId] }), index('coaching_compliment_candidates_created_ix').on(t.createdAt)],
);

/** A compliment from a customer or praise from a manager, for one staff member at one outlet. */
export const recognitions = pgTable(
  'coaching_recognitions',
  {
    orgId: orgIdColumn(),
    recognitionId: text('recognition_id').notNull(),
    kind: text('kind').$type<RecognitionKind>().notNull(),
    /** The staff id recognised (a compliment may name one the coaching staff list does not know yet). */
    staffId: text('staff_id').notNull(),
    locationId: text('location_id'),
    /** The calendar month it counts for on the board, YYYY-MM. */
    month: text('month').notNull(),
    /** Compliments: the response and the customer's words. */
    responseId: text('response_id'),
    journeyKey: text('journey_key'),
    momentKey: text('moment_key'),
    quote: text('quote'),
    /** Praise: who gave it and why. */
    givenBy: text('given_by'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.recognitionId] }),
    uniqueIndex('coaching_recognitions_response_uq').on(t.orgId, t.responseId),
    index('coaching_recognitions_board_ix').on(t.orgId, t.month, t.locationId),
  ],
);

// A recognition reaches people through the shared notifications inbox (src/notifications, kind coaching.recognition).
