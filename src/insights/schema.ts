import { sql } from 'drizzle-orm';
import { date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
// drizzle-kit reads only schema files, so the organisation table (for the tenant foreign key) is
// imported from the access room's schema, as the other rooms do. Table definitions only.
import { organizations } from '../access/schema.ts';

/*
 * Tables of the insights room: rollups kept in step with the responses (dashboards never read raw
 * responses), the comment-analysis outbox and its theme rollups, and in-app alerts.
 *
 * Rollup keys cannot be NULL (they are primary-key columns), so "none" is stored as '' (journey,
 * moment, location, staff) or 0 (journey version). `day` is the response's LOCAL calendar day at its
 * location (the location's time zone, else the organisation's): a service hall's Monday is its own
 * Monday, not a UTC slice that cuts the evening off. See docs/insights.md.
 *
 * Every rollup row holds the sufficient statistics of keymoment/stats:
 *   NPS  — promoters, passives, detractors;
 *   CSAT — n, Σx, Σx², top-2-box count (answers 4–5 on 1–5);
 *   CES  — n, Σx, Σx², easy count (answers 5–7 on 1–7).
 */

const orgIdColumn = () => text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' });

/** The counters every rollup table carries. */
const counters = () => ({
  responses: integer('responses').notNull().default(0),
  npsPromoters: integer('nps_promoters').notNull().default(0),
  npsPassives: integer('nps_passives').notNull().default(0),
  npsDetractors: integer('nps_detractors').notNull().default(0),
  csatN: integer('csat_n').notNull().default(0),
  csatSum: integer('csat_sum').notNull().default(0),
  csatSumSquares: integer('csat_sum_squares').notNull().default(0),
  csatTopBox: integer('csat_top_box').notNull().default(0),
  cesN: integer('ces_n').notNull().default(0),
  cesSum: integer('ces_sum').notNull().default(0),
  cesSumSquares: integer('ces_sum_squares').notNull().default(0),
  cesEasy: integer('ces_easy').notNull().default(0),
  comments: integer('comments').notNull().default(0),
});

/**
 * The fine grain: org × day × journey × moment × location × staff × channel × journey version. Answers
 * staff league tables and anything filtered by staff; the coarser tables below answer the rest.
 */
export const responseRollupsFine = pgTable(
  'insight_rollups_fine',
  {
    orgId: orgIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    staffId: text('staff_id').notNull(),
    channel: text('channel').notNull(),
    journeyVersion: integer('journey_version').notNull(),
    ...counters(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.momentKey, t.locationId, t.staffId, t.channel, t.journeyVersion] })],
);

/**
 * Staff by local ISO week, without channel and journey version: staff league tables over a month read
 * this (plus the fine rows of the days at either end) instead of every fine row of every day.
 */
export const responseRollupsStaffWeek = pgTable(
  'insight_rollups_staff_week',
  {
    orgId: orgIdColumn(),
    week: date('week', { mode: 'string' }).notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    staffId: text('staff_id').notNull(),
    ...counters(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.week, t.journeyKey, t.momentKey, t.locationId, t.staffId] })],
);

/** org × day × journey × moment × location × channel: outlet and location-subtree questions. */
export const responseRollupsLocation = pgTable(
  'insight_rollups_location',
  {
    orgId: orgIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    channel: text('channel').notNull(),
    ...counters(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.momentKey, t.locationId, t.channel] }),
    index('insight_rollups_location_loc_ix').on(t.orgId, t.locationId, t.day),
  ],
);

/**
 * The location grain by local ISO week (`week` = its Monday): a 30-day question about outlets reads
 * about four weekly rows per cell plus the days at either end instead of thirty daily ones.
 */
export const responseRollupsLocationWeek = pgTable(
  'insight_rollups_location_week',
  {
    orgId: orgIdColumn(),
    week: date('week', { mode: 'string' }).notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    channel: text('channel').notNull(),
    ...counters(),
  },
  // Location first as well: one outlet's heatmap reads its weeks without walking every outlet's rows
  // of those weeks (117 ms → a few ms at 10 M responses, bench/ and docs/insights.md).
  (t) => [primaryKey({ columns: [t.orgId, t.week, t.journeyKey, t.momentKey, t.locationId, t.channel] }), index('insight_rollups_location_week_loc_ix').on(t.orgId, t.locationId, t.week)],
);

/** org × day × journey × moment × channel: whole-organisation questions (a few rows per day). */
export const responseRollupsMoment = pgTable(
  'insight_rollups_moment',
  {
    orgId: orgIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    channel: text('channel').notNull(),
    ...counters(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.momentKey, t.channel] })],
);

/*
 * The outlet ladder (src/insights/rollups-outlet.ts): no moment, channel or journey version, so an
 * outlet league table or an outlet's trend reads a few hundred rows a period instead of one per moment
 * and channel. A range is cut into whole months, whole weeks and single days (store.ts, ladderOf).
 * `staff_id` '' = no staff member; the staff tables answer staff league tables the same way.
 */
const outletKeys = () => ({ journeyKey: text('journey_key').notNull(), locationId: text('location_id').notNull() });

/** org × local day × journey × location. */
export const responseRollupsOutletDay = pgTable(
  'insight_rollups_outlet_day',
  { orgId: orgIdColumn(), day: date('day', { mode: 'string' }).notNull(), ...outletKeys(), ...counters() },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.locationId] })],
);

/** org × local ISO week (its Monday) × journey × location. */
export const responseRollupsOutletWeek = pgTable(
  'insight_rollups_outlet_week',
  { orgId: orgIdColumn(), week: date('week', { mode: 'string' }).notNull(), ...outletKeys(), ...counters() },
  (t) => [primaryKey({ columns: [t.orgId, t.week, t.journeyKey, t.locationId] })],
);

/** org × local calendar month (its first day) × journey × location. */
export const responseRollupsOutletMonth = pgTable(
  'insight_rollups_outlet_month',
  { orgId: orgIdColumn(), month: date('month', { mode: 'string' }).notNull(), ...outletKeys(), ...counters() },
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.journeyKey, t.locationId] })],
);

/** org × local day × journey × location × staff member. */
export const responseRollupsPeopleDay = pgTable(
  'insight_rollups_people_day',
  { orgId: orgIdColumn(), day: date('day', { mode: 'string' }).notNull(), ...outletKeys(), staffId: text('staff_id').notNull(), ...counters() },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.locationId, t.staffId] })],
);

/** org × local ISO week × journey × location × staff member. */
export const responseRollupsPeopleWeek = pgTable(
  'insight_rollups_people_week',
  { orgId: orgIdColumn(), week: date('week', { mode: 'string' }).notNull(), ...outletKeys(), staffId: text('staff_id').notNull(), ...counters() },
  (t) => [primaryKey({ columns: [t.orgId, t.week, t.journeyKey, t.locationId, t.staffId] })],
);

/** org × local calendar month × journey × location × staff member. */
export const responseRollupsPeopleMonth = pgTable(
  'insight_rollups_people_month',
  { orgId: orgIdColumn(), month: date('month', { mode: 'string' }).notNull(), ...outletKeys(), staffId: text('staff_id').notNull(), ...counters() },
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.journeyKey, t.locationId, t.staffId] })],
);

/**
 * One row per response with a comment: written as `pending` (analysed_at null) in the ingest
 * transaction — cheap — and filled in by the analysis job. No foreign key to responses: deleting a
 * response runs the insights listener, which removes this row and subtracts its theme counts.
 */
export const commentAnalyses = pgTable(
  'insight_comment_analyses',
  {
    orgId: orgIdColumn(),
    responseId: text('response_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    /** The respondent's answer language, a hint for detection. */
    locale: text('locale'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    analysedAt: timestamp('analysed_at', { withTimezone: true }),
    lang: text('lang'),
    sentimentScore: doublePrecision('sentiment_score'),
    sentimentLabel: text('sentiment_label'),
    /** [{ theme, matches, score, label }] in order of first mention. */
    themes: jsonb('themes').$type<{ theme: string; matches: string[]; score: number; label: string }[]>(),
    keyPhrases: jsonb('key_phrases').$type<string[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.responseId] }),
    index('insight_comment_analyses_pending_ix').on(t.createdAt).where(sql`${t.analysedAt} is null`),
  ],
);

/**
 * Analysed comments per moment × location × day: `theme` '' holds every analysed comment (sentiment
 * totals), any other value one theme's mentions with the sentiment of the sentence that mentioned it.
 */
export const themeRollups = pgTable(
  'insight_theme_rollups',
  {
    orgId: orgIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    theme: text('theme').notNull(),
    mentions: integer('mentions').notNull().default(0),
    positive: integer('positive').notNull().default(0),
    neutral: integer('neutral').notNull().default(0),
    negative: integer('negative').notNull().default(0),
    scoreSum: doublePrecision('score_sum').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.momentKey, t.locationId, t.theme] })],
);

/*
 * The theme ladder: the theme rollups without the moment, by local day, ISO week (its Monday) and
 * calendar month (its 1st), per location (outlet rung) and for the whole network (below). Themes
 * questions without a moment filter read whole months, whole weeks and leftover days of these
 * (store.ts, sumThemes) instead of one row per moment, location, day and theme — at 10 M responses
 * insight_theme_rollups holds nearly one row per comment. Kept in step with insight_theme_rollups by
 * rollups.ts (applyThemeDeltas) in the same statement.
 */
const themeCounters = () => ({
  journeyKey: text('journey_key').notNull(),
  locationId: text('location_id').notNull(),
  theme: text('theme').notNull(),
  mentions: integer('mentions').notNull().default(0),
  positive: integer('positive').notNull().default(0),
  neutral: integer('neutral').notNull().default(0),
  negative: integer('negative').notNull().default(0),
  scoreSum: doublePrecision('score_sum').notNull().default(0),
});

/** org × local day × journey × location × theme. */
export const themeRollupsOutletDay = pgTable(
  'insight_theme_rollups_outlet_day',
  { orgId: orgIdColumn(), day: date('day', { mode: 'string' }).notNull(), ...themeCounters() },
  // Location first as well: a region's themes read its outlets' rows only.
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.locationId, t.theme] }), index('insight_theme_rollups_outlet_day_loc_ix').on(t.orgId, t.locationId, t.day)],
);

/** org × local ISO week × journey × location × theme. */
export const themeRollupsOutletWeek = pgTable(
  'insight_theme_rollups_outlet_week',
  { orgId: orgIdColumn(), week: date('week', { mode: 'string' }).notNull(), ...themeCounters() },
  // Location first as well: a region's themes read its outlets' rows only.
  (t) => [primaryKey({ columns: [t.orgId, t.week, t.journeyKey, t.locationId, t.theme] }), index('insight_theme_rollups_outlet_week_loc_ix').on(t.orgId, t.locationId, t.week)],
);

/** org × local calendar month × journey × location × theme. */
export const themeRollupsOutletMonth = pgTable(
  'insight_theme_rollups_outlet_month',
  { orgId: orgIdColumn(), month: date('month', { mode: 'string' }).notNull(), ...themeCounters() },
  // Location first as well: a region's themes read its outlets' rows only.
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.journeyKey, t.locationId, t.theme] }), index('insight_theme_rollups_outlet_month_loc_ix').on(t.orgId, t.locationId, t.month)],
);

/*
 * The network rung of the theme ladder: no location either, so a whole-network question (the
 * dashboard's default) reads a few rows a period — one per journey and theme — instead of one per
 * outlet, journey and theme. Questions with a location filter read the outlet tables above.
 */
const networkThemeCounters = () => {
  const { locationId: _location, ...rest } = themeCounters();
  return rest;
};

/** org × local day × journey × theme. */
export const themeRollupsNetworkDay = pgTable(
  'insight_theme_rollups_network_day',
  { orgId: orgIdColumn(), day: date('day', { mode: 'string' }).notNull(), ...networkThemeCounters() },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.journeyKey, t.theme] })],
);

/** org × local ISO week × journey × theme. */
export const themeRollupsNetworkWeek = pgTable(
  'insight_theme_rollups_network_week',
  { orgId: orgIdColumn(), week: date('week', { mode: 'string' }).notNull(), ...networkThemeCounters() },
  (t) => [primaryKey({ columns: [t.orgId, t.week, t.journeyKey, t.theme] })],
);

/** org × local calendar month × journey × theme. */
export const themeRollupsNetworkMonth = pgTable(
  'insight_theme_rollups_network_month',
  { orgId: orgIdColumn(), month: date('month', { mode: 'string' }).notNull(), ...networkThemeCounters() },
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.journeyKey, t.theme] })],
);

/*
 * The area rung of the theme ladder: per *area* — every location with locations below it (a region, a
 * city) — the themes of everything beneath it, so a region's themes read a few rows a period instead of
 * one per outlet (a 200-outlet region over 90 days: ~18,000 outlet rows). An area's rows are written for
 * every ancestor of the comment's location at the time of writing; they are only read while
 * insight_area_ladder_state holds the signature of the organisation's current location tree — a move
 * makes them stale, reads fall back to the outlet rung until a rebuild (rollups.ts) catches up.
 * The area first in the key: a question names one area.
 */
const areaThemeCounters = () => {
  const { locationId: _location, ...rest } = themeCounters();
  return { areaId: text('area_id').notNull(), ...rest };
};

/** org × area × local day × journey × theme. */
export const themeRollupsAreaDay = pgTable(
  'insight_theme_rollups_area_day',
  { orgId: orgIdColumn(), day: date('day', { mode: 'string' }).notNull(), ...areaThemeCounters() },
  (t) => [primaryKey({ columns: [t.orgId, t.areaId, t.day, t.journeyKey, t.theme] })],
);

/** org × area × local ISO week × journey × theme. */
export const themeRollupsAreaWeek = pgTable(
  'insight_theme_rollups_area_week',
  { orgId: orgIdColumn(), week: date('week', { mode: 'string' }).notNull(), ...areaThemeCounters() },
  (t) => [primaryKey({ columns: [t.orgId, t.areaId, t.week, t.journeyKey, t.theme] })],
);

/** org × area × local calendar month × journey × theme. */
export const themeRollupsAreaMonth = pgTable(
  'insight_theme_rollups_area_month',
  { orgId: orgIdColumn(), month: date('month', { mode: 'string' }).notNull(), ...areaThemeCounters() },
  (t) => [primaryKey({ columns: [t.orgId, t.areaId, t.month, t.journeyKey, t.theme] })],
);

/** The location tree the area rung was last rebuilt for (md5 of every location → parent pair). */
export const areaLadderState = pgTable('insight_area_ladder_state', {
  orgId: orgIdColumn().primaryKey(),
  treeSignature: text('tree_signature').notNull(),
  builtAt: timestamp('built_at', { withTimezone: true }).notNull(),
});

/**
 * In-app alerts: a moment at a location (or organisation-wide, location '') below its benchmark or
 * significantly down on the period before. The unique key is what makes an alert fire at most once
 * per moment, location and period.
 */
export const alerts = pgTable(
  'insight_alerts',
  {
    orgId: orgIdColumn(),
    alertId: text('alert_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    momentKey: text('moment_key').notNull(),
    locationId: text('location_id').notNull(),
    /** First and last local day of the period judged (inclusive). */
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** [{ kind: 'below_benchmark' | 'significant_drop', metric, score, n, benchmark?, previous?, pValue? }] */
    findings: jsonb('findings').$type<AlertFinding[]>().notNull(),
    /** The moment's responsible role as the blueprint names it (fallback language). */
    responsibleRole: text('responsible_role'),
    /** User ids notified by e-mail. */
    recipients: jsonb('recipients').$type<string[]>().notNull().default([]),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.alertId] }),
    uniqueIndex('insight_alerts_once_uq').on(t.orgId, t.journeyKey, t.momentKey, t.locationId, t.periodStart),
  ],
);

export interface AlertFinding {
  kind: 'below_benchmark' | 'significant_drop';
  metric: 'nps' | 'csat' | 'ces';
  score: number;
  n: number;
  benchmark?: { comparator: string; value: number };
  previous?: { score: number; n: number; difference: number; pValue: number };
}

/**
 * "Which moments drive loyalty" and the peak–end panel, computed by a job (stored-analyses.ts) and
 * stored per scope, so the dashboard reads one row instead of bootstrapping raw responses on request.
 * `scope_key` is the SHA-256 of the canonical scope text (journey, from, to, sorted location ids, peak
 * rule); `scope` holds the scope itself. `seen` is the rollup fingerprint of the data the computation
 * read (responses, CSAT and NPS counters of the scope): when the rollups differ now, the result is stale.
 */
export const storedAnalyses = pgTable(
  'insight_analyses',
  {
    orgId: orgIdColumn(),
    kind: text('kind').notNull(),
    scopeKey: text('scope_key').notNull(),
    scope: jsonb('scope').$type<Record<string, unknown>>().notNull(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    seen: jsonb('seen').$type<Record<string, number>>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    /** Last time a reader asked for it: the scheduled refresh keeps recently read scopes fresh, drops old ones. */
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.scopeKey] }), index('insight_analyses_requested_ix').on(t.orgId, t.requestedAt)],
);
