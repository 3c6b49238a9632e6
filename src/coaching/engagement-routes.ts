import { Type } from 'typebox';
import { actorCan, actorOf, getLocation, getOrganization, listLocationSubtreeIds, type Actor } from '../access/index.ts';
import { scoreReport } from '../insights/index.ts';
import { findPublishedMoment } from '../journeys/index.ts';
import type { Database } from '../platform/database.ts';
import { badRequest, forbidden, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import {
  buildRubric,
  CUSTOMER_TYPES,
  isMonth,
  LOWEST_PULSE_MINIMUM,
  monthOf,
  monthRange,
  pulseResults,
  RECOGNITION_KINDS,
  RUBRIC_MAX_SCORE,
  rolePlayPercent,
  rubricScoreProblems,
} from './engagement.ts';
import {
  archiveScenario,
  getScenario,
  hasAnsweredPulse,
  insertRolePlayResult,
  insertScenario,
  findStaffIdOfUser,
  findStaffMember,
  listRolePlayResults,
  listScenarios,
  listStaffIn,
  loadEngagementSettings,
  loadPulseAnswers,
  recordPulseAnswer,
  saveEngagementSettings,
  staffNames,
} from './engagement-store.ts';
import { recognitionBoard, recordRecognition } from './recognition.ts';

/*
 * HTTP API of role plays, the employee pulse and recognition, under /api/v1/coaching/…
 * Permissions reuse the existing ones: scenario cards are blueprint material (journeys.read /
 * journeys.write); scoring role plays and praising are manager work (actions.manage, limited to the
 * manager's location subtree); pulse results are read like customer results (responses.read); every
 * member may answer the pulse, read their own notifications and see the recognition board.
 */

export interface EngagementRouteDeps {
  database: Database;
  now: () => Date;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(?:[-_][a-z0-9]+)*$' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A calendar month, YYYY-MM' });
const TextOf = (maxLength: number) => Type.String({ minLength: 1, maxLength });

const RubricItemView = Type.Object({
  key: Type.String(),
  kind: oneOf(['behaviour', 'complaint_step'] as const),
  title: Type.Optional(Type.Record(Type.String(), Type.String())),
});
const ScenarioView = Type.Object({
  scenarioId: Type.String(),
  journeyKey: Type.String(),
  momentKey: Type.String(),
  customerType: oneOf(CUSTOMER_TYPES),
  title: Type.String(),
  situation: Type.String(),
  goodAnswer: Type.String(),
  rubric: Type.Array(RubricItemView),
  createdBy: Nullable(Type.String()),
  createdAt: Timestamp,
});
const RubricScoreSchema = Type.Object({ key: Type.String({ minLength: 1, maxLength: 64 }), score: Type.Integer({ minimum: 0, maximum: RUBRIC_MAX_SCORE }) }, { additionalProperties: false });
const ResultView = Type.Object({
  resultId: Type.String(),
  scenarioId: Type.String(),
  scenarioTitle: Type.String(),
  journeyKey: Type.String(),
  momentKey: Type.String(),
  customerType: oneOf(CUSTOMER_TYPES),
  staffId: Type.String(),
  staffName: Nullable(Type.String()),
  scoredBy: Type.String(),
  scores: Type.Array(Type.Object({ key: Type.String(), score: Type.Integer() })),
  percent: Type.Integer(),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
});

const PulseResultView = Type.Union([
  Type.Object({
    hidden: Type.Literal(false),
    n: Type.Integer(),
    enps: Type.Object({ score: Type.Number(), promoters: Type.Integer(), passives: Type.Integer(), detractors: Type.Integer(), ci: Type.Array(Type.Number()) }),
    items: Type.Object({ tools: Type.Number(), training: Type.Number(), recognition: Type.Number() }),
  }),
  Type.Object({ hidden: Type.Literal(true), reason: Type.Literal('below_minimum_group'), minimum: Type.Integer() }),
]);
const CustomerNps = Type.Object({ score: Nullable(Type.Number()), n: Type.Integer() });

const RecognitionView = Type.Object({
  recognitionId: Type.String(),
  kind: oneOf(RECOGNITION_KINDS),
  staffId: Type.String(),
  locationId: Nullable(Type.String()),
  month: Type.String(),
  responseId: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  quote: Nullable(Type.String()),
  givenBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
});

function userOnly(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw forbidden('Only a signed-in person can do this');
  return actor;
}

export function registerEngagementRoutes(app: HttpServer, deps: EngagementRouteDeps): void {
  const db = deps.database.db;
  /** The calendar month in the organisation's time zone: a pulse answered at 00:30 on the 1st in Kazan belongs to the new month there. */
  const currentMonth = async (orgId: string): Promise<string> => monthOf(deps.now(), (await getOrganization(db, orgId)).timezone);

  /** The locations the actor may see (undefined: the whole organisation). */
  async function scopeOf(actor: Actor): Promise<Set<string> | undefined> {
    if (actor.kind !== 'user' || actor.locationScope === null) return undefined;
    return new Set(await listLocationSubtreeIds(db, actor.orgId, actor.locationScope));
  }

  /** A location of the organisation inside the actor's scope (404 otherwise, like a missing one). */
  async function visibleLocation(actor: Actor, locationId: string): Promise<void> {
    await getLocation(db, actor.orgId, locationId);
    const scope = await scopeOf(actor);
    if (scope && !scope.has(locationId)) throw new NotFoundError('Location');
  }

  /** A staff member (coaching staff list) the actor may coach: one whose outlet lies in the actor's scope. */
  async function coachableStaff(actor: Actor, staffId: string, field: string) {
    const staff = await findStaffMember(db, actor.orgId, staffId);
    if (!staff) throw badRequest(field, `${field} is not on the coaching staff list`);
    const scope = await scopeOf(actor);
    if (scope && (staff.locationId === null || !scope.has(staff.locationId))) throw badRequest(field, `${field} does not work at one of your locations`);
    return staff;
  }

  // ---------- role plays ----------
  app.get('/api/v1/coaching/role-plays/scenarios', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Role-play scenario cards, newest first, optionally for one moment',
      querystring: Type.Object({ ...PageQuery.properties, journeyKey: Type.Optional(Key), momentKey: Type.Optional(Key) }, { additionalProperties: false }),
      response: { 200: pageOf(ScenarioView), ...errors },
    },
  }, async (request) => {
    const { limit = 50, cursor, journeyKey, momentKey } = request.query;
    return listScenarios(db, actorOf(request).orgId, { journeyKey, momentKey, limit, cursor });
  });

  app.post('/api/v1/coaching/role-plays/scenarios', {
    config: { access: { permission: 'journeys.write' } },
    schema: {
      tags: ['coaching'],
      summary: 'Write a role-play card for a published moment',
      description:
        'The rubric is taken from the moment as published now: one item per step of its action guide (the behaviour model) and, for a red customer ' +
        '(or with `complaintSteps: true`), the six complaint steps (complaint.vent … complaint.follow_up). Each item is scored 0–2.',
      body: Type.Object(
        {
          journeyKey: Key,
          momentKey: Key,
          customerType: oneOf(CUSTOMER_TYPES, 'green: a content customer; red: an unhappy one'),
          title: TextOf(200),
          situation: TextOf(4000),
          goodAnswer: TextOf(4000),
          complaintSteps: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 201: ScenarioView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body;
    const published = await findPublishedMoment(db, actor.orgId, body.journeyKey, body.momentKey);
    if (!published) throw badRequest('momentKey', `${body.journeyKey}/${body.momentKey} is not a published moment`);
    const rubric = buildRubric(published.moment.actionGuide, body.complaintSteps ?? body.customerType === 'red');
    if (rubric.length === 0) throw badRequest('momentKey', 'The moment has no action guide to score against; add one or set complaintSteps');
    const row = await insertScenario(
      db,
      actor.orgId,
      { journeyKey: body.journeyKey, momentKey: body.momentKey, customerType: body.customerType, title: body.title, situation: body.situation, goodAnswer: body.goodAnswer, rubric },
      actor.kind === 'user' ? actor.userId : null,
      deps.now(),
    );
    return reply.code(201).send(row);
  });

  app.get('/api/v1/coaching/role-plays/scenarios/:scenarioId', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['coaching'], summary: 'One role-play card', params: Type.Object({ scenarioId: Id }), response: { 200: ScenarioView, ...errors } },
  }, async (request) => getScenario(db, actorOf(request).orgId, request.params.scenarioId));

  app.delete('/api/v1/coaching/role-plays/scenarios/:scenarioId', {
    config: { access: { permission: 'journeys.write' } },
    schema: { tags: ['coaching'], summary: 'Retire a role-play card (its results are kept)', params: Type.Object({ scenarioId: Id }), response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await archiveScenario(db, actorOf(request).orgId, request.params.scenarioId, deps.now());
    return reply.code(204).send(null);
  });

  app.post('/api/v1/coaching/role-plays/results', {
    config: { access: { permission: 'actions.manage' } },
    schema: {
      tags: ['coaching'],
      summary: 'Score a role play of one staff member: every rubric item 0–2, and a note',
      body: Type.Object(
        { scenarioId: Id, staffId: Type.String({ minLength: 1, maxLength: 200 }), scores: Type.Array(RubricScoreSchema, { minItems: 1, maxItems: 100 }), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
        { additionalProperties: false },
      ),
      response: { 201: ResultView, ...errors },
    },
  }, async (request, reply) => {
    const actor = userOnly(actorOf(request));
    const body = request.body;
    const scenario = await getScenario(db, actor.orgId, body.scenarioId);
    const staff = await coachableStaff(actor, body.staffId, 'staffId');
    const problem = rubricScoreProblems(scenario.rubric, body.scores);
    if (problem) throw badRequest(problem.field, problem.message);
    const row = await insertRolePlayResult(
      db,
      actor.orgId,
      { scenarioId: scenario.scenarioId, staffId: staff.staffId, scoredBy: actor.userId, scores: body.scores, percent: rolePlayPercent(body.scores), note: body.note?.trim() || null },
      deps.now(),
    );
    return reply.code(201).send({ ...row, staffName: staff.name, scenarioTitle: scenario.title, journeyKey: scenario.journeyKey, momentKey: scenario.momentKey, customerType: scenario.customerType });
  });

  app.get('/api/v1/coaching/role-plays/results', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Scored role plays, newest first: managers see those of their locations’ staff, a staff member their own',
      querystring: Type.Object({ ...PageQuery.properties, staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), scenarioId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 200: pageOf(ResultView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { limit = 50, cursor, staffId, scenarioId } = request.query;
    let staffIds: string[] | undefined;
    if (actorCan(actor, 'actions.manage')) {
      const scope = await scopeOf(actor);
      staffIds = scope ? await listStaffIn(db, actor.orgId, [...scope]) : undefined;
    } else {
      // Anyone else sees only the results of the staff id linked to their own sign-in.
      const own = actor.kind === 'user' ? await findStaffIdOfUser(db, actor.orgId, actor.userId) : undefined;
      if (!own) throw forbidden('Only managers, or the staff member themselves, may read role-play results');
      staffIds = [own];
    }
    const page = await listRolePlayResults(db, actor.orgId, { staffId, staffIds, scenarioId, limit, cursor });
    const names = await staffNames(db, actor.orgId, [...new Set(page.items.map((item) => item.staffId))]);
    return { ...page, items: page.items.map((item) => ({ ...item, staffName: names.get(item.staffId) ?? null })) };
  });

  // ---------- employee pulse ----------
  app.get('/api/v1/coaching/pulse/settings', {
    config: { access: { permission: 'org.read' } },
    schema: { tags: ['coaching'], summary: 'Pulse settings: the minimum group size', response: { 200: Type.Object({ minimumGroupSize: Type.Integer() }), ...errors } },
  }, async (request) => ({ minimumGroupSize: (await loadEngagementSettings(db, actorOf(request).orgId)).pulseMinimumGroup }));

  app.put('/api/v1/coaching/pulse/settings', {
    config: { access: { permission: 'org.update' } },
    schema: {
      tags: ['coaching'],
      summary: 'Change the pulse minimum group size (at least 3; default 5)',
      body: Type.Object({ minimumGroupSize: Type.Integer({ minimum: LOWEST_PULSE_MINIMUM, maximum: 1000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ minimumGroupSize: Type.Integer() }), ...errors },
    },
  }, async (request) => {
    await saveEngagementSettings(db, actorOf(request).orgId, { pulseMinimumGroup: request.body.minimumGroupSize }, deps.now());
    return { minimumGroupSize: request.body.minimumGroupSize };
  });

  app.get('/api/v1/coaching/pulse/status', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'The current pulse period and whether I have answered it',
      response: { 200: Type.Object({ period: Type.String(), answered: Type.Boolean() }), ...errors },
    },
  }, async (request) => {
    const actor = userOnly(actorOf(request));
    const period = await currentMonth(actor.orgId);
    return { period, answered: await hasAnsweredPulse(db, actor.orgId, actor.userId, period) };
  });

  app.post('/api/v1/coaching/pulse/answers', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Answer this month’s anonymous pulse (once per person and month)',
      description: 'The answer is stored without the person: a separate record keeps only that they answered this month. A second answer is refused (409).',
      body: Type.Object(
        {
          locationId: Id,
          enps: Type.Integer({ minimum: 0, maximum: 10, description: 'How likely are you to recommend working here? 0–10' }),
          tools: Type.Integer({ minimum: 1, maximum: 5 }),
          training: Type.Integer({ minimum: 1, maximum: 5 }),
          recognition: Type.Integer({ minimum: 1, maximum: 5 }),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ period: Type.String() }), ...errors },
    },
  }, async (request, reply) => {
    const actor = userOnly(actorOf(request));
    const { locationId, ...answer } = request.body;
    await visibleLocation(actor, locationId).catch(() => {
      throw badRequest('locationId', 'locationId is not one of your locations');
    });
    const period = await currentMonth(actor.orgId);
    await recordPulseAnswer(db, actor.orgId, actor.userId, period, locationId, answer);
    return reply.code(201).send({ period });
  });

  app.get('/api/v1/coaching/pulse/results', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Pulse results of a location subtree for a month, next to its customer NPS',
      description:
        'A location with fewer answers than the minimum group size shows `{hidden: true, reason: "below_minimum_group", minimum}`. ' +
        'The total covers only the locations whose results are shown, so no hidden group can be found by subtraction; `hiddenLocations` counts those left out.',
      querystring: Type.Object({ locationId: Id, period: Type.Optional(Month) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          period: Type.String(),
          minimumGroupSize: Type.Integer(),
          locations: Type.Array(Type.Object({ locationId: Type.String(), pulse: PulseResultView, customerNps: CustomerNps })),
          total: Type.Object({ pulse: PulseResultView, customerNps: CustomerNps }),
          hiddenLocations: Type.Integer(),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const period = request.query.period ?? (await currentMonth(actor.orgId));
    if (!isMonth(period)) throw badRequest('period', 'period must be a month (YYYY-MM)');
    await visibleLocation(actor, request.query.locationId);
    const subtree = await listLocationSubtreeIds(db, actor.orgId, request.query.locationId);
    const answers = await loadPulseAnswers(db, actor.orgId, period, subtree);
    const cells = subtree
      .map((locationId) => ({ locationId, answers: answers.filter((answer) => answer.locationId === locationId) }))
      .filter((cell) => cell.answers.length > 0);
    const { pulseMinimumGroup: minimum } = await loadEngagementSettings(db, actor.orgId);
    const results = pulseResults(cells, minimum);
    const { from, to } = monthRange(period);
    const report = await scoreReport(db, actor.orgId, { groupBy: 'location', period: 'month', from, to, locationIds: subtree, minN: 1 });
    const npsOf = (locationId: string) => {
      const row = report.rows.find((candidate) => candidate.locationId === locationId);
      return { score: row?.nps.score ?? null, n: row?.nps.n ?? 0 };
    };
    return {
      period,
      minimumGroupSize: minimum,
      locations: results.outlets.map((outlet) => ({ locationId: outlet.locationId, pulse: outlet.result, customerNps: npsOf(outlet.locationId) })),
      total: { pulse: results.total, customerNps: { score: report.total.nps.score, n: report.total.nps.n } },
      hiddenLocations: results.hiddenOutlets,
    };
  });

  // ---------- recognition ----------
  app.post('/api/v1/coaching/recognition/praise', {
    config: { access: { permission: 'actions.manage' } },
    schema: {
      tags: ['coaching'],
      summary: 'Praise a staff member (e.g. taking initiative that delighted a customer) with a note',
      body: Type.Object(
        { staffId: Type.String({ minLength: 1, maxLength: 200 }), note: TextOf(2000), locationId: Type.Optional(Id), journeyKey: Type.Optional(Key), momentKey: Type.Optional(Key) },
        { additionalProperties: false },
      ),
      response: { 201: RecognitionView, ...errors },
    },
  }, async (request, reply) => {
    const actor = userOnly(actorOf(request));
    const body = request.body;
    const staff = await coachableStaff(actor, body.staffId, 'staffId');
    if (staff.userId === actor.userId) throw badRequest('staffId', 'You cannot praise yourself');
    const locationId = body.locationId ?? staff.locationId;
    if (!locationId) throw badRequest('locationId', 'locationId is required for a member who is not tied to a location');
    await visibleLocation(actor, locationId).catch(() => {
      throw badRequest('locationId', 'locationId is not one of your locations');
    });
    const now = deps.now();
    const row = await recordRecognition(
      db,
      actor.orgId,
      {
        kind: 'praise',
        staffId: staff.staffId,
        locationId,
        month: await currentMonth(actor.orgId),
        responseId: null,
        journeyKey: body.journeyKey ?? null,
        momentKey: body.momentKey ?? null,
        quote: null,
        givenBy: actor.userId,
        note: body.note.trim(),
      },
      now,
    );
    return reply.code(201).send(row!);
  });

  app.get('/api/v1/coaching/recognition/board', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'The monthly recognition board of an outlet (or a region: its whole subtree), most recognised first',
      querystring: Type.Object({ locationId: Id, month: Type.Optional(Month) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          locationId: Type.String(),
          month: Type.String(),
          total: Type.Integer(),
          entries: Type.Array(
            Type.Object({
              staffId: Type.String(),
              name: Nullable(Type.String()),
              compliments: Type.Integer(),
              praise: Type.Integer(),
              total: Type.Integer(),
              recent: Type.Array(RecognitionView),
            }),
          ),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const month = request.query.month ?? (await currentMonth(actor.orgId));
    await visibleLocation(actor, request.query.locationId);
    const subtree = await listLocationSubtreeIds(db, actor.orgId, request.query.locationId);
    return { locationId: request.query.locationId, month, ...(await recognitionBoard(db, actor.orgId, subtree, month)) };
  });
  // A recognition's notifications (to the staff member and their manager) are in the shared inbox:
  // GET /api/v1/notifications (src/notifications), kind coaching.recognition, also e-mailed.
}

// What the composition root wires: the ingest/deletion listeners and the compliment sweep.
export { complimentCandidateCollector, forgetDeletedCompliments, startComplimentSweep, sweepCompliments } from './recognition.ts';
