import { Type, type TSchema } from 'typebox';
import { actorCan, actorOf, getOrganization, listLocationSubtreeIds, type Actor } from '../access/index.ts';
import { journeyHeatmap } from '../insights/index.ts';
import { resolveText } from '../journeys/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError, badRequest, forbidden, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, LOCALES, type Locale } from '../platform/locales.ts';
import { certificatePdf } from './certificate-pdf.ts';
import { buildCard, DEFAULT_MIN_ANSWERS, EXAM_SCHEDULES, examPeriodStart, paperQuestion, questionBank, scoreExam, unknownAnswers } from './model.ts';
import {
  addPhrase,
  addQuestion,
  completeAssignments,
  createExam,
  deletePhrase,
  findStaffOfUser,
  getAssignment,
  getCertificate,
  getExam,
  getPublishedJourney,
  getStaff,
  listAssignments,
  listAttempts,
  listAuthoredQuestions,
  listCertificates,
  listExams,
  listReceipts,
  listStaff,
  phrasesByMoment,
  putStaff,
  recordAttempt,
  recordRead,
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

function query<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

function staffView(row: StaffRow) {
  return { staffId: row.staffId, name: row.name, userId: row.userId, locationId: row.locationId, role: row.role, locale: row.locale };
}

function examView(row: ExamRow) {
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
    retestFor: row.retestFor,
    createdAt: row.createdAt,
  };
}

function momentOf(journey: PublishedJourney, momentKey: string, field = 'momentKey') {
  const moment = journey.blueprint.moments.find((candidate) => candidate.key === momentKey);
  if (!moment) throw badRequest(field, `journey "${journey.journeyKey}" v${journey.version} has no moment "${momentKey}"`);
  return moment;
}

export function registerCoachingLearningRoutes(app: HttpServer, deps: CoachingRouteDeps): void {
  const db = deps.database.db;

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
      response: { ...errors },
    },
  }, async (request) => staffView(await putStaff(db, actorOf(request).orgId, request.params.staffId, request.body, deps.now())));

  app.get('/api/v1/coaching/staff', {
    config: { access: { permission: 'responses.read' } },
    schema: { tags: ['coaching'], summary: 'Staff members (optionally of a location subtree)', querystring: query({ locationId: Type.Optional(Id) }), response: { ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    const ids = new Set(await visibleStaffIds(actor, request.query.locationId));
    return { items: (await listStaff(db, actor.orgId)).filter((row) => ids.has(row.staffId)).map(staffView) };
  });

  app.get('/api/v1/coaching/me', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['coaching'], summary: 'The signed-in person’s staff record (404 when they have none)', response: { ...errors } },
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
      response: { ...errors },
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
    schema: { tags: ['coaching'], summary: 'One moment’s learning card', params: MomentParams, querystring: query({ locale: Type.Optional(LocaleSchema) }), response: { ...errors } },
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
      response: { ...errors },
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
      response: { ...errors },
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

  app.post('/api/v1/coaching/phrases', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Add a phrase to use or never to use at a moment (shown on its card and used by phrase questions)',
      body: Type.Object({ journeyKey: Slug('Journey key'), momentKey: Slug('Moment key'), kind: Type.Union([Type.Literal('use'), Type.Literal('avoid')]), text: Translatable }, { additionalProperties: false }),
      response: { ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    momentOf(await getPublishedJourney(db, actor.orgId, request.body.journeyKey), request.body.momentKey);
    return reply.code(201).send(await addPhrase(db, actor.orgId, request.body, deps.now()));
  });

  app.delete('/api/v1/coaching/phrases/:phraseId', {
    config: { access: { permission: 'journeys.override' } },
    schema: { tags: ['coaching'], summary: 'Remove a manager’s phrase', params: Type.Object({ phraseId: Id }, { additionalProperties: false }), response: { ...errors } },
  }, async (request, reply) => {
    await deletePhrase(db, actorOf(request).orgId, request.params.phraseId);
    return reply.code(204).send();
  });

  app.post('/api/v1/coaching/questions', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Add a single- or multiple-choice question about a moment to its question bank',
      body: Type.Object(
        {
          journeyKey: Slug('Journey key'),
          momentKey: Slug('Moment key'),
          kind: Type.Union([Type.Literal('single'), Type.Literal('multiple')]),
          prompt: Translatable,
          options: Type.Array(Type.Object({ text: Translatable, correct: Type.Boolean() }, { additionalProperties: false }), { minItems: 2, maxItems: 8 }),
        },
        { additionalProperties: false },
      ),
      response: { ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { options, ...rest } = request.body;
    momentOf(await getPublishedJourney(db, actor.orgId, rest.journeyKey), rest.momentKey);
    const right = options.filter((option) => option.correct).length;
    if (right === 0) throw badRequest('options', 'at least one option must be correct');
    if (rest.kind === 'single' && right !== 1) throw badRequest('options', 'a single-choice question has exactly one correct option');
    const withIds = options.map((option, index) => ({ id: `o${index + 1}`, ...option }));
    return reply.code(201).send(await addQuestion(db, actor.orgId, { ...rest, options: withIds }, deps.now()));
  });

  // ---------- exams ----------

  app.post('/api/v1/coaching/exams', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['coaching'],
      summary: 'Define an exam on a journey (or some of its moments), once or every week / month / quarter, for a role and/or a location subtree',
      body: Type.Object(
        {
          journeyKey: Slug('Journey key'),
          momentKeys: Type.Optional(Type.Array(Slug('Moment key'), { maxItems: 200 })),
          title: Translatable,
          schedule: Type.Union(EXAM_SCHEDULES.map((schedule) => Type.Literal(schedule))),
          targetRole: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
          targetLocationId: Type.Optional(Type.Union([Id, Type.Null()])),
          passMark: Type.Integer({ minimum: 1, maximum: 100 }),
          certificateMonths: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      response: { ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const journey = await getPublishedJourney(db, actor.orgId, request.body.journeyKey);
    const momentKeys = request.body.momentKeys ?? [];
    momentKeys.forEach((key, index) => momentOf(journey, key, `momentKeys[${index}]`));
    const exam = await createExam(db, actor.orgId, { ...request.body, momentKeys }, deps.now());
    return reply.code(201).send(examView(exam));
  });

  app.get('/api/v1/coaching/exams', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['coaching'], summary: 'Exams, oldest first', querystring: query({ ...PageProps, journeyKey: Type.Optional(Slug('Journey key')) }), response: { ...errors } },
  }, async (request) => {
    const page = await listExams(db, actorOf(request).orgId, { limit: request.query.limit ?? 50, cursor: request.query.cursor, journeyKey: request.query.journeyKey });
    return { items: page.items.map(examView), nextCursor: page.nextCursor };
  });

  const bankOf = async (orgId: string, exam: ExamRow) => {
    const journey = await getPublishedJourney(db, orgId, exam.journeyKey);
    const [phrases, authored] = await Promise.all([phrasesByMoment(db, orgId, exam.journeyKey), listAuthoredQuestions(db, orgId, exam.journeyKey)]);
    return { journey, bank: questionBank(journey.blueprint, exam.momentKeys, phrases, authored, journey.fallback) };
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
      response: { ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const exam = await getExam(db, actor.orgId, request.params.examId);
    const staff = await maybeMe(actor);
    const { journey, bank } = await bankOf(actor.orgId, exam);
    const locale = localeOf(request.query.locale, staff, journey.fallback);
    return {
      ...examView(exam),
      title: resolveText(exam.title, locale, journey.fallback),
      journeyVersion: journey.version,
      locale,
      periodStart: examPeriodStart(exam.schedule, deps.now().toISOString().slice(0, 10)),
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
      response: { ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const staff = await me(actor);
    const exam = await getExam(db, actor.orgId, request.params.examId);
    await assertMayTake(actor.orgId, exam, staff);
    const { journey, bank } = await bankOf(actor.orgId, exam);
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
      response: { ...errors },
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
    schema: { tags: ['coaching'], summary: 'Certificates (own, or of visible staff), with expiry', querystring: query({ staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }), response: { ...errors } },
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
      response: { ...errors },
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
      response: { ...errors },
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
      response: { ...errors },
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
      response: { ...errors },
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
      response: { ...errors },
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
