import { Type, type Static, type TSchema } from 'typebox';
import { actorCan, actorOf, getOrganization, listLocationSubtreeIds, type Actor } from '../access/index.ts';
import { journeyHeatmap } from '../insights/index.ts';
import { resolveText } from '../journeys/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError, badRequest, forbidden, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, LOCALES, type Locale } from '../platform/locales.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import { certificatePdf } from './certificate-pdf.ts';
import {
  buildCard,
  DEFAULT_MIN_ANSWERS,
  drawQuestions,
  EXAM_SCHEDULES,
  examPeriodEnd,
  examPeriodStart,
  paperQuestion,
  QUESTION_KINDS,
  questionBank,
  scoreExam,
  unknownAnswers,
  type Question,
} from './model.ts';
import {
  addPhrase,
  addQuestion,
  completeAssignments,
  createExam,
  deletePhrase,
  deleteQuestion,
  findStaffOfUser,
  getAssignment,
  getCertificate,
  getExam,
  getPublishedJourney,
  getStaff,
  listAssignments,
  listAttempts,
  listAuthoredQuestions,
  listQuestionRows,
  listCertificates,
  listExams,
  listReceipts,
  listStaff,
  phrasesByMoment,
  putStaff,
  recordAttempt,
  recordRead,
  updateExam,
  type ExamRow,
  type PublishedJourney,
  type StaffRow,
} from './store.ts';
import { assignTrainingForWeakMoments, trainingEffect } from './training.ts';

/*
 * HTTP of the learning half of coaching: learning cards and read receipts, staff records, phrases,
 * questions, exams and attempts (scored here, never by the client), certificates (PDF), training
 * assignments and their effect, and the outlet dashboard. Managers (`journeys.override`: outlet and CX
 * managers, admins) set things up; everyone reads cards and takes exams as their own staff record;
 * people who may read customers' answers (`responses.read`) see other staff members' results.
 */

export interface CoachingRouteDeps {
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

const Slug = (description: string) => Type.String({ pattern: '^[a-z0-9]+(?:[-_][a-z0-9]+)*$', maxLength: 64, description });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const LocaleSchema = Type.Union(LOCALES.map((locale) => Type.Literal(locale)));
const Text = Type.String({ minLength: 1, maxLength: 2000 });
const Translatable = Type.Object(
  { en: Type.Optional(Text), 'zh-CN': Type.Optional(Text), 'zh-TW': Type.Optional(Text), ru: Type.Optional(Text), hu: Type.Optional(Text) },
  { additionalProperties: false, minProperties: 1 },
);
const PageProps = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) };
const MomentParams = Type.Object({ journeyKey: Slug('Journey key'), momentKey: Slug('Moment key') }, { additionalProperties: false });

// ---------- response schemas (Fastify serialises only what they declare) ----------

const Str = Type.String();
const TextOut = Type.Object(
  { en: Type.Optional(Str), 'zh-CN': Type.Optional(Str), 'zh-TW': Type.Optional(Str), ru: Type.Optional(Str), hu: Type.Optional(Str) },
  { description: 'The same text in several languages' },
);
const StaffView = Type.Object({ staffId: Str, name: Str, userId: Nullable(Str), locationId: Nullable(Str), role: Nullable(Str), locale: Str });
const CardView = Type.Object({
  journeyKey: Str,
  journeyVersion: Type.Integer(),
  momentKey: Str,
  stageKey: Str,
  order: Type.Integer(),
  locale: Str,
  name: Str,
  description: Str,
  responsibleRole: Nullable(Str),
  coreNeeds: Type.Array(Str),
  keyPoints: Type.Array(Str),
  actionGuide: Type.Array(Type.Object({ number: Type.Integer(), title: Str, detail: Nullable(Str) })),
  phrases: Type.Object({ use: Type.Array(Str), avoid: Type.Array(Str) }),
  readAt: Nullable(Timestamp),
});
const PhraseView = Type.Object({ phraseId: Str, journeyKey: Str, momentKey: Str, kind: oneOf(['use', 'avoid']), text: TextOut });
const QuestionKindSchema = oneOf(QUESTION_KINDS);
const AuthoredView = Type.Object({
  questionId: Str,
  journeyKey: Str,
  momentKey: Str,
  kind: QuestionKindSchema,
  prompt: TextOut,
  options: Type.Array(Type.Object({ id: Str, text: TextOut, correct: Type.Boolean() })),
  createdAt: Timestamp,
});
const BankQuestionView = Type.Object({
  questionId: Type.String({ description: '`<moment>.order|phrase|key-points` (generated) or `q-<id>` (a manager’s)' }),
  momentKey: Str,
  kind: QuestionKindSchema,
  source: oneOf(['generated', 'authored']),
  prompt: Type.String({ description: 'In the requested language' }),
  options: Type.Array(Type.Object({ id: Str, text: Str, correct: Type.Boolean() }), { description: 'For order questions: in the right order' }),
  authored: Nullable(AuthoredView),
});
const examFields = {
  examId: Str,
  journeyKey: Str,
  momentKeys: Type.Array(Str),
  schedule: oneOf(EXAM_SCHEDULES),
  targetRole: Nullable(Str),
  targetLocationId: Nullable(Str),
  passMark: Type.Integer(),
  certificateMonths: Nullable(Type.Integer()),
  questionCount: Nullable(Type.Integer()),
  retestFor: Nullable(Str),
  createdAt: Timestamp,
};
const ExamView = Type.Object({
  ...examFields,
  title: TextOut,
  periodStart: Type.String({ format: 'date', description: 'First day of the current period (sitting)' }),
  dueBy: Nullable(Type.String({ format: 'date', description: 'Last day of the current period; null for a one-off exam' })),
});
const ResultItem = Type.Object({ questionId: Str, momentKey: Str, correct: Type.Boolean() });
const PaperView = Type.Object({
  ...examFields,
  title: Str,
  journeyVersion: Type.Integer(),
  locale: Str,
  periodStart: Str,
  questions: Type.Array(Type.Object({ questionId: Str, momentKey: Str, kind: QuestionKindSchema, prompt: Str, options: Type.Array(Type.Object({ id: Str, text: Str })) })),
});
const CertificateFields = {
  certificateId: Str,
  staffId: Str,
  journeyKey: Str,
  journeyVersion: Type.Integer(),
  examId: Str,
  attemptId: Str,
  issuedAt: Timestamp,
  expiresAt: Timestamp,
};
/** What every view of an exam attempt says: the stored attempt and its scored answers. */
const AttemptFields = {
  attemptId: Str,
  examId: Str,
  staffId: Str,
  journeyVersion: Type.Integer(),
  periodStart: Str,
  locale: Str,
  results: Type.Array(ResultItem),
  scorePercent: Type.Number(),
  passed: Type.Boolean(),
};
const AttemptView = Type.Object({ ...AttemptFields, submittedAt: Timestamp });
const AssignmentView = Type.Object({
  assignmentId: Str,
  staffId: Str,
  journeyKey: Str,
  journeyVersion: Type.Integer(),
  momentKey: Str,
  reason: oneOf(['staff', 'outlet']),
  locationId: Nullable(Str),
  metric: Str,
  score: Type.Number(),
  benchmark: Type.Number(),
  answers: Type.Integer(),
  examId: Str,
  createdAt: Timestamp,
  completedAt: Nullable(Timestamp),
});
const Side = Type.Object({ from: Str, to: Str, score: Nullable(Type.Number()), n: Type.Integer() });
const BenchmarkView = Type.Object({ comparator: Str, value: Type.Number(), status: Str });
const DashboardView = Type.Object({
  journeyKey: Str,
  journeyVersion: Type.Integer(),
  locationId: Str,
  from: Str,
  to: Str,
  locale: Str,
  staff: Type.Array(StaffView),
  moments: Type.Array(
    Type.Object({
      momentKey: Str,
      name: Str,
      customer: Nullable(
        Type.Object({
          status: oneOf(['meets', 'below', 'insufficient', 'no_benchmark']),
          benchmarks: Type.Object({ nps: Type.Optional(BenchmarkView), csat: Type.Optional(BenchmarkView), ces: Type.Optional(BenchmarkView) }),
          nps: Nullable(Type.Number()),
          csat: Nullable(Type.Number()),
          ces: Nullable(Type.Number()),
          responses: Type.Integer(),
        }),
      ),
      coverage: Type.Object({ staff: Type.Integer(), read: Type.Integer(), percent: Nullable(Type.Number()) }),
      exams: Type.Object({ answers: Type.Integer(), correctPercent: Nullable(Type.Number()) }),
      needsCard: Type.Array(Type.Object({ staffId: Str, name: Str, assigned: Type.Boolean() })),
    }),
  ),
});
const Binary = { type: 'string', format: 'binary' };

function query<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

function staffView(row: StaffRow) {
  return { staffId: row.staffId, name: row.name, userId: row.userId, locationId: row.locationId, role: row.role, locale: row.locale };
}

function examView(row: ExamRow, today: string) {
  return {
    examId: row.examId,
    journeyKey: row.journeyKey,
    momentKeys: row.momentKeys,
    title: row.title,
    schedule: row.schedule,
    targetRole: row.targetRole,
    targetLocationId: row.targetLocationId,
    passMark: row.passMark,
    certificateMonths: row.certificateMonths,
    questionCount: row.questionCount,
    retestFor: row.retestFor,
    createdAt: row.createdAt,
    periodStart: examPeriodStart(row.schedule, today),
    dueBy: examPeriodEnd(row.schedule, today),
  };
}

type QuestionRow = Awaited<ReturnType<typeof listQuestionRows>>[number];

function authoredView(row: QuestionRow) {
  return { questionId: row.questionId, journeyKey: row.journeyKey, momentKey: row.momentKey, kind: row.kind, prompt: row.prompt, options: row.options, createdAt: row.createdAt };
}

function momentOf(journey: PublishedJourney, momentKey: string, field = 'momentKey') {
  const moment = journey.blueprint.moments.find((candidate) => candidate.key === momentKey);
  if (!moment) throw badRequest(field, `journey "${journey.journeyKey}" v${journey.version} has no moment "${momentKey}"`);
  return moment;
}

export function registerCoachingLearningRoutes(app: HttpServer, deps: CoachingRouteDeps): void {
  const db = deps.database.db;
  const today = () => deps.now().toISOString().slice(0, 10);

  /** The signed-in person's staff record; cards, receipts and exams are always their own. */
  const me = async (actor: Actor): Promise<StaffRow> => {
    const staff = actor.kind === 'user' ? await findStaffOfUser(db, actor.orgId, actor.userId) : undefined;
    if (!staff) throw new AppError(403, 'not_staff', 'You are not registered as a staff member; a manager adds you under coaching staff');
    return staff;
  };
  const maybeMe = async (actor: Actor) => (actor.kind === 'user' ? findStaffOfUser(db, actor.orgId, actor.userId) : undefined);
  const localeOf = (requested: Locale | undefined, staff: StaffRow | undefined, fallback: Locale): Locale =>
    requested ?? (staff && isLocale(staff.locale) ? staff.locale : fallback);
  /** Staff records the actor may see: all of them with `responses.read` (within their location scope), else only their own. */
  const visibleStaffIds = async (actor: Actor, locationId?: string): Promise<string[]> => {
    if (!actorCan(actor, 'responses.read')) {
      const own = await maybeMe(actor);
      return own ? [own.staffId] : [];
    }
    let staff = await listStaff(db, actor.orgId);
    const scopes: string[][] = [];
    if (locationId) scopes.push(await listLocationSubtreeIds(db, actor.orgId, locationId));
    if (actor.kind === 'user' && actor.locationScope !== null) scopes.push(await listLocationSubtreeIds(db, actor.orgId, actor.locationScope));
    for (const scope of scopes) staff = staff.filter((member) => member.locationId !== null && scope.includes(member.locationId));
    return staff.map((member) => member.staffId);
  };

  // ---------- staff ----------

  app.put('/api/v1/coaching/staff/:staffId', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Create or update a staff member: the staffId is the one interactions and responses carry; userId links their sign-in',
      params: Type.Object({ staffId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          userId: Type.Optional(Type.Union([Id, Type.Null()])),
          locationId: Type.Optional(Type.Union([Id, Type.Null()])),
          role: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
          locale: LocaleSchema,
        },
        { additionalProperties: false },
      ),
      response: { 200: StaffView, ...errors },
    },
  }, async (request) => staffView(await putStaff(db, actorOf(request).orgId, request.params.staffId, request.body, deps.now())));

  app.get('/api/v1/coaching/staff', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Staff members by staff id (optionally of a location subtree, or matching `q` in the staff id, name or role); every one without `limit`',
      querystring: query({
        locationId: Type.Optional(Id),
        q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the staff id, name or role (case-insensitive)' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(StaffView), nextCursor: Nullable(Str) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { q, limit, cursor } = request.query;
    const ids = new Set(await visibleStaffIds(actor, request.query.locationId));
    const needle = q?.trim().toLocaleLowerCase() ?? '';
    // Staff ids are the business's own strings (not UUIDs), so the cursor is the last staff id, base64url.
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
    const rows = (await listStaff(db, actor.orgId)).filter(
      (row) =>
        ids.has(row.staffId) &&
        (after === undefined || row.staffId > after) &&
        (needle === '' || [row.staffId, row.name, row.role ?? ''].some((value) => value.toLocaleLowerCase().includes(needle))),
    );
    const items = limit === undefined ? rows : rows.slice(0, limit);
    const more = limit !== undefined && rows.length > limit;
    return { items: items.map(staffView), nextCursor: more ? Buffer.from(items[items.length - 1]!.staffId, 'utf8').toString('base64url') : null };
  });

  app.get('/api/v1/coaching/me', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['coaching'], summary: 'The signed-in person’s staff record (404 when they have none)', response: { 200: StaffView, ...errors } },
  }, async (request) => {
    const staff = await maybeMe(actorOf(request));
    if (!staff) throw new NotFoundError('Staff member');
    return staffView(staff);
  });

  // ---------- learning cards ----------

  app.get('/api/v1/coaching/cards', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'The learning cards of every moment of a journey’s published version, in the reader’s language (falling back to the journey’s)',
      querystring: query({ journeyKey: Slug('Journey key'), locale: Type.Optional(LocaleSchema) }),
      response: { 200: Type.Object({ journeyKey: Str, journeyName: Str, journeyVersion: Type.Integer(), locale: Str, cards: Type.Array(CardView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const journey = await getPublishedJourney(db, actor.orgId, request.query.journeyKey);
    const staff = await maybeMe(actor);
    const locale = localeOf(request.query.locale, staff, journey.fallback);
    const phrases = await phrasesByMoment(db, actor.orgId, journey.journeyKey);
    const receipts = staff ? await listReceipts(db, actor.orgId, { journeyKey: journey.journeyKey, journeyVersion: journey.version, staffIds: [staff.staffId] }) : [];
    const readAt = new Map(receipts.map((receipt) => [receipt.momentKey, receipt.readAt] as const));
    const cards = journey.blueprint.moments.map((moment) => ({
      ...buildCard({ ...journey, momentKey: moment.key }, locale, phrases.get(moment.key) ?? [])!,
      readAt: readAt.get(moment.key) ?? null,
    }));
    return { journeyKey: journey.journeyKey, journeyName: resolveText(journey.name, locale, journey.fallback), journeyVersion: journey.version, locale, cards };
  });

  app.get('/api/v1/coaching/cards/:journeyKey/:momentKey', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['coaching'], summary: 'One moment’s learning card', params: MomentParams, querystring: query({ locale: Type.Optional(LocaleSchema) }), response: { 200: CardView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    const journey = await getPublishedJourney(db, actor.orgId, request.params.journeyKey);
    const staff = await maybeMe(actor);
    const locale = localeOf(request.query.locale, staff, journey.fallback);
    const card = buildCard({ ...journey, momentKey: request.params.momentKey }, locale, (await phrasesByMoment(db, actor.orgId, journey.journeyKey)).get(request.params.momentKey) ?? []);
    if (!card) throw new NotFoundError('Moment');
    const receipts = staff ? await listReceipts(db, actor.orgId, { journeyKey: journey.journeyKey, journeyVersion: journey.version, staffIds: [staff.staffId] }) : [];
    return { ...card, readAt: receipts.find((receipt) => receipt.momentKey === card.momentKey)?.readAt ?? null };
  });

  app.post('/api/v1/coaching/cards/:journeyKey/:momentKey/read', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: '"I have read it": the signed-in staff member read this moment’s card of the current published version (repeating it keeps the first time)',
      params: MomentParams,
      response: {
        201: Type.Object({ staffId: Str, journeyKey: Str, journeyVersion: Type.Integer(), momentKey: Str, readAt: Timestamp, completedAssignments: Type.Array(Str) }),
        ...errors,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const staff = await me(actor);
    const journey = await getPublishedJourney(db, actor.orgId, request.params.journeyKey);
    if (!journey.blueprint.moments.some((moment) => moment.key === request.params.momentKey)) throw new NotFoundError('Moment');
    const now = deps.now();
    const receipt = await recordRead(db, actor.orgId, { staffId: staff.staffId, journeyKey: journey.journeyKey, journeyVersion: journey.version, momentKey: request.params.momentKey }, now);
    const completed = await completeAssignments(db, actor.orgId, staff.staffId, now);
    return reply.code(201).send({ ...receipt, completedAssignments: completed.map((row) => row.assignmentId) });
  });

  app.get('/api/v1/coaching/readers', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Who has and has not read the cards of a journey’s current published version (a new version needs a new read)',
      querystring: query({ journeyKey: Slug('Journey key'), locationId: Type.Optional(Id) }),
      response: {
        200: Type.Object({
          journeyKey: Str,
          journeyVersion: Type.Integer(),
          items: Type.Array(Type.Object({ ...StaffView.properties, readMoments: Type.Array(Str), unreadMoments: Type.Array(Str), complete: Type.Boolean() })),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const journey = await getPublishedJourney(db, actor.orgId, request.query.journeyKey);
    const ids = await visibleStaffIds(actor, request.query.locationId);
    const staff = (await listStaff(db, actor.orgId)).filter((row) => ids.includes(row.staffId));
    const receipts = await listReceipts(db, actor.orgId, { journeyKey: journey.journeyKey, journeyVersion: journey.version, staffIds: ids });
    const momentKeys = journey.blueprint.moments.map((moment) => moment.key);
    const items = staff.map((member) => {
      const read = new Set(receipts.filter((receipt) => receipt.staffId === member.staffId).map((receipt) => receipt.momentKey));
      return { ...staffView(member), readMoments: momentKeys.filter((key) => read.has(key)), unreadMoments: momentKeys.filter((key) => !read.has(key)), complete: momentKeys.every((key) => read.has(key)) };
    });
    return { journeyKey: journey.journeyKey, journeyVersion: journey.version, items };
  });

  // ---------- phrases and questions ----------

  app.get('/api/v1/coaching/phrases', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'The phrases managers added to a journey’s moments (to use / never to use), in every language, oldest first',
      querystring: query({ journeyKey: Slug('Journey key'), momentKey: Type.Optional(Slug('Moment key')) }),
      response: { 200: Type.Object({ items: Type.Array(PhraseView) }), ...errors },
    },
  }, async (request) => {
    const { journeyKey, momentKey } = request.query;
    const byMoment = await phrasesByMoment(db, actorOf(request).orgId, journeyKey);
    const items = [...byMoment.entries()]
      .filter(([key]) => momentKey === undefined || key === momentKey)
      .flatMap(([key, phrases]) => phrases.map((phrase) => ({ ...phrase, journeyKey, momentKey: key })));
    return { items: items.sort((a, b) => (a.phraseId < b.phraseId ? -1 : 1)) };
  });

  app.post('/api/v1/coaching/phrases', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Add a phrase to use or never to use at a moment (shown on its card and used by phrase questions)',
      body: Type.Object({ journeyKey: Slug('Journey key'), momentKey: Slug('Moment key'), kind: Type.Union([Type.Literal('use'), Type.Literal('avoid')]), text: Translatable }, { additionalProperties: false }),
      response: { 201: PhraseView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    momentOf(await getPublishedJourney(db, actor.orgId, request.body.journeyKey), request.body.momentKey);
    return reply.code(201).send(await addPhrase(db, actor.orgId, request.body, deps.now()));
  });

  app.delete('/api/v1/coaching/phrases/:phraseId', {
    config: { access: { permission: 'journeys.override' } },
    schema: { tags: ['coaching'], summary: 'Remove a manager’s phrase', params: Type.Object({ phraseId: Id }, { additionalProperties: false }), response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await deletePhrase(db, actorOf(request).orgId, request.params.phraseId);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/coaching/questions', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'The question bank of a journey’s published version (or one moment): generated and managers’ questions, with the right answers',
      querystring: query({ journeyKey: Slug('Journey key'), momentKey: Type.Optional(Slug('Moment key')), locale: Type.Optional(LocaleSchema) }),
      response: { 200: Type.Object({ journeyKey: Str, journeyVersion: Type.Integer(), locale: Str, items: Type.Array(BankQuestionView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { journeyKey, momentKey } = request.query;
    const journey = await getPublishedJourney(db, actor.orgId, journeyKey);
    if (momentKey !== undefined) momentOf(journey, momentKey);
    const [phrases, authored] = await Promise.all([phrasesByMoment(db, actor.orgId, journeyKey), listQuestionRows(db, actor.orgId, journeyKey)]);
    const locale = request.query.locale ?? journey.fallback;
    const bank = questionBank(journey.blueprint, momentKey === undefined ? [] : [momentKey], phrases, authored, journey.fallback);
    const authoredById = new Map<string, QuestionRow>(authored.map((row) => [`q-${row.questionId}`, row] as const));
    const items = bank.map((question: Question) => {
      const shown = paperQuestion(question, locale, journey.fallback);
      const text = new Map(shown.options.map((option) => [option.id, option.text] as const));
      // Order questions list their options in the right order, so the manager sees the answer.
      const options = question.kind === 'order' ? question.answer.map((id) => ({ id, text: text.get(id) ?? '', correct: true })) : shown.options.map((option) => ({ ...option, correct: question.answer.includes(option.id) }));
      const row = authoredById.get(question.questionId);
      return { ...shown, options, source: row ? ('authored' as const) : ('generated' as const), authored: row ? authoredView(row) : null };
    });
    return { journeyKey, journeyVersion: journey.version, locale, items };
  });

  app.post('/api/v1/coaching/questions', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Add a question about a moment to its question bank: single or multiple choice, an order question (options in the right order) or pick-the-phrase (one right phrase)',
      body: Type.Object(
        {
          journeyKey: Slug('Journey key'),
          momentKey: Slug('Moment key'),
          kind: Type.Union(QUESTION_KINDS.map((kind) => Type.Literal(kind))),
          prompt: Translatable,
          options: Type.Array(Type.Object({ text: Translatable, correct: Type.Optional(Type.Boolean({ description: 'Ignored for order questions' })) }, { additionalProperties: false }), {
            minItems: 2,
            maxItems: 8,
          }),
        },
        { additionalProperties: false },
      ),
      response: { 201: AuthoredView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { options, ...rest } = request.body;
    momentOf(await getPublishedJourney(db, actor.orgId, rest.journeyKey), rest.momentKey);
    const ordered = rest.kind === 'order';
    const right = options.filter((option) => option.correct === true).length;
    if (!ordered && right === 0) throw badRequest('options', 'at least one option must be correct');
    if ((rest.kind === 'single' || rest.kind === 'phrase') && right !== 1) throw badRequest('options', `a ${rest.kind === 'single' ? 'single-choice' : 'pick-the-phrase'} question has exactly one correct option`);
    const withIds = options.map((option, index) => ({ id: `o${index + 1}`, text: option.text, correct: ordered || option.correct === true }));
    return reply.code(201).send(authoredView(await addQuestion(db, actor.orgId, { ...rest, options: withIds }, deps.now())));
  });

  app.delete('/api/v1/coaching/questions/:questionId', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Retire a manager’s question (`q-<id>` or `<id>`): it leaves the bank; attempts keep their results. Generated questions follow the blueprint and cannot be retired',
      params: Type.Object({ questionId: Id }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    const id = request.params.questionId.replace(/^q-/, '');
    await deleteQuestion(db, actorOf(request).orgId, id);
    return reply.code(204).send(null);
  });

  // ---------- exams ----------

  const ExamBody = Type.Object(
    {
      journeyKey: Slug('Journey key'),
      momentKeys: Type.Optional(Type.Array(Slug('Moment key'), { maxItems: 200 })),
      title: Translatable,
      schedule: Type.Union(EXAM_SCHEDULES.map((schedule) => Type.Literal(schedule))),
      targetRole: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
      targetLocationId: Type.Optional(Type.Union([Id, Type.Null()])),
      passMark: Type.Integer({ minimum: 1, maximum: 100 }),
      certificateMonths: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()])),
      questionCount: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 200, description: 'Questions drawn per sitting (fixed per staff member and period); null/absent = the whole bank' }), Type.Null()])),
    },
    { additionalProperties: false },
  );
  const examInput = async (orgId: string, body: Static<typeof ExamBody>) => {
    const journey = await getPublishedJourney(db, orgId, body.journeyKey);
    const momentKeys = body.momentKeys ?? [];
    momentKeys.forEach((key, index) => momentOf(journey, key, `momentKeys[${index}]`));
    return { ...body, momentKeys };
  };

  app.post('/api/v1/coaching/exams', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Define an exam on a journey (or some of its moments), once or every week / month / quarterly, for a role and/or a location subtree',
      body: ExamBody,
      response: { 201: ExamView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const exam = await createExam(db, actor.orgId, await examInput(actor.orgId, request.body), deps.now());
    return reply.code(201).send(examView(exam, today()));
  });

  app.put('/api/v1/coaching/exams/:examId', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Change an exam’s definition (the whole definition, as for creating it); attempts already made keep their scores',
      params: Type.Object({ examId: Id }, { additionalProperties: false }),
      body: ExamBody,
      response: { 200: ExamView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const input = await examInput(actor.orgId, request.body);
    return examView(await updateExam(db, actor.orgId, request.params.examId, input), today());
  });

  app.get('/api/v1/coaching/exams', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Exams, oldest first, each with its current period and the day it is due by',
      querystring: query({ ...PageProps, journeyKey: Type.Optional(Slug('Journey key')) }),
      response: { 200: Type.Object({ items: Type.Array(ExamView), nextCursor: Nullable(Str) }), ...errors },
    },
  }, async (request) => {
    const page = await listExams(db, actorOf(request).orgId, { limit: request.query.limit ?? 50, cursor: request.query.cursor, journeyKey: request.query.journeyKey });
    const day = today();
    return { items: page.items.map((row) => examView(row, day)), nextCursor: page.nextCursor };
  });

  /** The questions of one sitting: the whole bank, or the exam's fixed draw for this staff member and period. */
  const bankOf = async (orgId: string, exam: ExamRow, staffId: string | undefined) => {
    const journey = await getPublishedJourney(db, orgId, exam.journeyKey);
    const [phrases, authored] = await Promise.all([phrasesByMoment(db, orgId, exam.journeyKey), listAuthoredQuestions(db, orgId, exam.journeyKey)]);
    const bank = questionBank(journey.blueprint, exam.momentKeys, phrases, authored, journey.fallback);
    const seed = `${exam.examId}\u0000${staffId ?? ''}\u0000${examPeriodStart(exam.schedule, today())}`;
    return { journey, bank: drawQuestions(bank, exam.questionCount, seed) };
  };
  const assertMayTake = async (orgId: string, exam: ExamRow, staff: StaffRow) => {
    if (exam.targetRole !== null && staff.role !== exam.targetRole) throw forbidden(`this exam is for the role "${exam.targetRole}"`);
    if (exam.targetLocationId !== null) {
      const subtree = await listLocationSubtreeIds(db, orgId, exam.targetLocationId);
      if (staff.locationId === null || !subtree.includes(staff.locationId)) throw forbidden('this exam is for another location');
    }
  };

  app.get('/api/v1/coaching/exams/:examId/paper', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'The exam’s questions in the reader’s language, without the answers, for the current period (sitting)',
      params: Type.Object({ examId: Id }, { additionalProperties: false }),
      querystring: query({ locale: Type.Optional(LocaleSchema) }),
      response: { 200: PaperView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const exam = await getExam(db, actor.orgId, request.params.examId);
    const staff = await maybeMe(actor);
    const { journey, bank } = await bankOf(actor.orgId, exam, staff?.staffId);
    const locale = localeOf(request.query.locale, staff, journey.fallback);
    return {
      ...examView(exam, today()),
      title: resolveText(exam.title, locale, journey.fallback),
      journeyVersion: journey.version,
      locale,
      questions: bank.map((question) => paperQuestion(question, locale, journey.fallback)),
    };
  });

  app.post('/api/v1/coaching/exams/:examId/attempts', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Hand in an exam: the server scores the answers against the current published version (a client score is never accepted)',
      params: Type.Object({ examId: Id }, { additionalProperties: false }),
      body: Type.Object(
        {
          locale: Type.Optional(LocaleSchema),
          answers: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 }), {
            description: 'questionId → chosen option ids (for an ordering question: every option id in the chosen order)',
          }),
        },
        { additionalProperties: false },
      ),
      response: {
        201: Type.Object({
          ...AttemptFields,
          passMark: Type.Integer(),
          certificate: Nullable(Type.Object(CertificateFields)),
          completedAssignments: Type.Array(Str),
        }),
        ...errors,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const staff = await me(actor);
    const exam = await getExam(db, actor.orgId, request.params.examId);
    await assertMayTake(actor.orgId, exam, staff);
    const { journey, bank } = await bankOf(actor.orgId, exam, staff.staffId);
    const unknown = unknownAnswers(bank, request.body.answers);
    if (unknown.length > 0) throw badRequest(`answers.${unknown[0]}`, `the exam has no question "${unknown[0]}" (questions change when a new version is published: load the paper again)`);
    const scored = scoreExam(bank, request.body.answers, exam.passMark);
    const now = deps.now();
    const locale = localeOf(request.body.locale, staff, journey.fallback);
    const { attempt, certificate } = await recordAttempt(
      db,
      actor.orgId,
      { exam, staffId: staff.staffId, journeyVersion: journey.version, periodStart: examPeriodStart(exam.schedule, now.toISOString().slice(0, 10)), locale, answers: request.body.answers, scored },
      now,
    );
    const completed = await completeAssignments(db, actor.orgId, staff.staffId, now);
    return reply.code(201).send({
      attemptId: attempt.attemptId,
      examId: exam.examId,
      staffId: staff.staffId,
      journeyVersion: attempt.journeyVersion,
      periodStart: attempt.periodStart,
      locale: attempt.locale,
      scorePercent: attempt.scorePercent,
      passMark: exam.passMark,
      passed: attempt.passed,
      results: attempt.results,
      certificate,
      completedAssignments: completed.map((row) => row.assignmentId),
    });
  });

  app.get('/api/v1/coaching/attempts', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Exam attempts, newest first: one’s own, or those of visible staff for people who read customers’ answers',
      querystring: query({ staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), examId: Type.Optional(Id) }),
      response: { 200: Type.Object({ items: Type.Array(AttemptView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    let ids = await visibleStaffIds(actor);
    if (request.query.staffId) ids = ids.filter((id) => id === request.query.staffId);
    const rows = await listAttempts(db, actor.orgId, { staffIds: ids, ...(request.query.examId ? { examIds: [request.query.examId] } : {}), limit: 500 });
    return { items: rows.map(({ answers: _answers, orgId: _orgId, ...row }) => row) };
  });

  // ---------- certificates ----------

  app.get('/api/v1/coaching/certificates', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['coaching'], summary: 'Certificates (own, or of visible staff), with expiry', querystring: query({ staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }), response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...CertificateFields, valid: Type.Boolean() })) }), ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    const ids = new Set(await visibleStaffIds(actor));
    const now = deps.now();
    const rows = (await listCertificates(db, actor.orgId, { staffId: request.query.staffId })).filter((row) => ids.has(row.staffId));
    return { items: rows.map(({ orgId: _orgId, ...row }) => ({ ...row, valid: row.expiresAt > now })) };
  });

  app.get('/api/v1/coaching/certificates/:certificateId/pdf', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'The certificate as PDF, in the staff member’s language (or ?locale=)',
      params: Type.Object({ certificateId: Id }, { additionalProperties: false }),
      querystring: query({ locale: Type.Optional(LocaleSchema) }),
      response: { 200: { description: 'The certificate (PDF)', content: { 'application/pdf': { schema: Binary } } }, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const certificate = await getCertificate(db, actor.orgId, request.params.certificateId);
    if (!(await visibleStaffIds(actor)).includes(certificate.staffId)) throw new NotFoundError('Certificate');
    const staff = await getStaff(db, actor.orgId, certificate.staffId);
    const journey = await getPublishedJourney(db, actor.orgId, certificate.journeyKey);
    const locale = localeOf(request.query.locale, staff, journey.fallback);
    const body = await certificatePdf({
      locale,
      organisation: (await getOrganization(db, actor.orgId)).name,
      staffName: staff.name,
      journeyName: resolveText(journey.name, locale, journey.fallback),
      journeyVersion: certificate.journeyVersion,
      scorePercent: certificate.scorePercent,
      issuedAt: certificate.issuedAt,
      expiresAt: certificate.expiresAt,
    });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="certificate-${certificate.journeyKey}-${locale}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  });

  // ---------- training assignments ----------

  app.get('/api/v1/coaching/assignments', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Training assignments (card + re-test), oldest first: one’s own, or of visible staff',
      querystring: query({ ...PageProps, staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), locationId: Type.Optional(Id), open: Type.Optional(Type.Boolean()), journeyKey: Type.Optional(Slug('Journey key')) }),
      response: { 200: Type.Object({ items: Type.Array(AssignmentView), nextCursor: Nullable(Str) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    let ids = await visibleStaffIds(actor, request.query.locationId);
    if (request.query.staffId) ids = ids.filter((id) => id === request.query.staffId);
    const page = await listAssignments(db, actor.orgId, { staffIds: ids, open: request.query.open, journeyKey: request.query.journeyKey, limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: page.items.map(({ orgId: _orgId, ...row }) => row), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/coaching/assignments/run', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Assign training now for every moment where a staff member’s or outlet’s score misses its benchmark (the daily job does the same; repeating it assigns nothing twice)',
      body: Type.Object({ minAnswers: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), days: Type.Optional(Type.Integer({ minimum: 7, maximum: 366 })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ created: Type.Array(AssignmentView) }), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const created = await assignTrainingForWeakMoments(db, actor.orgId, deps.now(), { minAnswers: request.body.minAnswers ?? DEFAULT_MIN_ANSWERS, days: request.body.days });
    return reply.code(201).send({ created: created.map(({ orgId: _orgId, ...row }) => row) });
  });

  app.get('/api/v1/coaching/assignments/:assignmentId/effect', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'The moment’s customer score of the trained person after completion vs the same number of days before, with the significance test of the scores API',
      params: Type.Object({ assignmentId: Id }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          assignmentId: Str,
          completedAt: Nullable(Timestamp),
          effect: Nullable(Type.Object({ metric: Str, before: Side, after: Side, difference: Nullable(Type.Number()), pValue: Nullable(Type.Number()), significant: Type.Boolean() })),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const assignment = await getAssignment(db, actor.orgId, request.params.assignmentId);
    if (!(await visibleStaffIds(actor)).includes(assignment.staffId)) throw new NotFoundError('Assignment');
    return { assignmentId: assignment.assignmentId, completedAt: assignment.completedAt, effect: await trainingEffect(db, actor.orgId, assignment, deps.now()) };
  });

  // ---------- the outlet dashboard ----------

  app.get('/api/v1/coaching/dashboard', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['coaching'],
      summary: 'Per moment of a journey at a location: training coverage (read receipts), exam results and open assignments next to the customer score',
      querystring: query({
        journeyKey: Slug('Journey key'),
        locationId: Id,
        from: Type.Optional(Type.String({ format: 'date' })),
        to: Type.Optional(Type.String({ format: 'date' })),
        locale: Type.Optional(LocaleSchema),
      }),
      response: { 200: DashboardView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { journeyKey, locationId } = request.query;
    const journey = await getPublishedJourney(db, actor.orgId, journeyKey);
    const subtree = await listLocationSubtreeIds(db, actor.orgId, locationId);
    if (subtree.length === 0) throw new NotFoundError('Location');
    if (actor.kind === 'user' && actor.locationScope !== null && !(await listLocationSubtreeIds(db, actor.orgId, actor.locationScope)).includes(locationId)) {
      throw new NotFoundError('Location');
    }
    const to = request.query.to ?? deps.now().toISOString().slice(0, 10);
    const from = request.query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    if (from > to) throw badRequest('from', `from (${from}) is after to (${to})`);
    const locale = request.query.locale ?? journey.fallback;
    const staff = (await listStaff(db, actor.orgId)).filter((member) => member.locationId !== null && subtree.includes(member.locationId));
    const staffIds = staff.map((member) => member.staffId);
    const [heatmap, receipts, attempts, open] = await Promise.all([
      journeyHeatmap(db, actor.orgId, { journeyKey, from, to, locationId, locationIds: subtree, minN: 5 }),
      listReceipts(db, actor.orgId, { journeyKey, journeyVersion: journey.version, staffIds }),
      listAttempts(db, actor.orgId, { staffIds, limit: 5000 }),
      listAssignments(db, actor.orgId, { staffIds, open: true, journeyKey, limit: 200 }),
    ]);
    const examsOfJourney = new Set((await listExams(db, actor.orgId, { limit: 200, journeyKey })).items.map((exam) => exam.examId));
    const results = attempts.filter((attempt) => examsOfJourney.has(attempt.examId)).flatMap((attempt) => attempt.results);
    const moments = journey.blueprint.moments.map((moment) => {
      const cell = heatmap?.moments.find((candidate) => candidate.momentKey === moment.key);
      const answered = results.filter((result) => result.momentKey === moment.key);
      const readBy = new Set(receipts.filter((receipt) => receipt.momentKey === moment.key).map((receipt) => receipt.staffId));
      return {
        momentKey: moment.key,
        name: resolveText(moment.name, locale, journey.fallback),
        customer: cell
          ? { status: cell.status, benchmarks: cell.benchmarks, nps: cell.scores.nps.score, csat: cell.scores.csat.score, ces: cell.scores.ces.score, responses: cell.scores.responses }
          : null,
        coverage: { staff: staff.length, read: readBy.size, percent: staff.length === 0 ? null : Math.round((readBy.size / staff.length) * 1000) / 10 },
        exams: { answers: answered.length, correctPercent: answered.length === 0 ? null : Math.round((answered.filter((result) => result.correct).length / answered.length) * 1000) / 10 },
        needsCard: staff
          .filter((member) => !readBy.has(member.staffId) || open.items.some((row) => row.staffId === member.staffId && row.momentKey === moment.key))
          .map((member) => ({ staffId: member.staffId, name: member.name, assigned: open.items.some((row) => row.staffId === member.staffId && row.momentKey === moment.key) })),
      };
    });
    return { journeyKey, journeyVersion: journey.version, locationId, from, to, locale, staff: staff.map(staffView), moments };
  });
}
