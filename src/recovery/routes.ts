import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf, getOrganization, listActiveMembers, listLocationSubtreeIds, userIdOf } from '../access/index.ts';
import { sql } from 'drizzle-orm';
import { followUpSurveyProblem } from '../feedback/index.ts';
import { badRequest } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { newId } from '../platform/ids.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { pageOf } from '../platform/pagination.ts';
import { calendarDayProblems, weekHoursProblems, type CalendarDay, type WeekHours } from './business-time.ts';
import {
  COMPENSATION_KINDS,
  ESCALATION_LEVELS,
  FOLLOW_UP_CHANNELS,
  GATHER_QUESTIONS,
  STEP_KEYS,
  allowedActions,
  currentStep,
  isWorkingRole,
  normaliseRule,
  ruleProblems,
  slaStateOf,
  type ApprovalSettings,
  type MetricGroup,
  type SlaPolicy,
} from './model.ts';
import { PLAYBOOK_TEXTS } from './playbook-texts.ts';
import { countSilentDetractorsByLocation, listSilentDetractors, SILENT_WINDOW_DAYS } from './silent-detractors.ts';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, WEBHOOK_EVENT_TYPES, type WebhookRow } from './webhooks.ts';
import {
  ApologiseBody,
  AgreeBody,
  ApprovalSchema,
  CaseDetailView,
  CaseListQuery,
  CaseParams,
  CaseView,
  CloseBody,
  DecisionBody,
  DeclineBody,
  EscalateBody,
  FollowUpResultBody,
  GatherBody,
  HolidaysBody,
  LocaleSchema,
  MetricsQuery,
  MetricsView,
  NoteBody,
  OpenCaseBody,
  OpenCaseResult,
  PlaybookView,
  ProposeBody,
  RejectBody,
  ReopenBody,
  RulesBody,
  RulesView,
  ScheduleFollowUpBody,
  SettingsView,
  FollowUpSurveyBody,
  SilentDetractorsQuery,
  SilentDetractorsView,
  SlaPolicySchema,
  TransferBody,
  VentBody,
} from './schemas.ts';
import { actOnCase, assertVisible, openCase, relationOf, viewerOf, visibilityOf, type CommandInput, type RecoveryDeps, type Viewer } from './service.ts';
import {
  checkTimeRange,
  computeMetrics,
  getCase,
  loadCaseEvents,
  listCases,
  loadRecoveryRules,
  loadRecoverySettings,
  replaceCalendarDays,
  replaceRecoveryRules,
  saveApprovalSettings,
  saveFollowUpSurveyKey,
  saveSlaPolicy,
  type CaseRow,
  type RecoverySettings,
} from './store.ts';

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

type CaseViewT = Static<typeof CaseView>;

export function caseView(row: CaseRow, viewer: Viewer, settings: RecoverySettings, now: Date): CaseViewT {
  return {
    caseId: row.caseId,
    externalId: row.externalId,
    source: row.source,
    reason: row.reason,
    channel: row.channel,
    status: row.status,
    currentStep: currentStep(row),
    summary: row.summary,
    details: row.details,
    customerRef: row.customerRef,
    customerName: row.customerName,
    customerPhone: row.customerPhone,
    customerEmail: row.customerEmail,
    visitId: row.visitId,
    journeyKey: row.journeyKey,
    journeyVersion: row.journeyVersion,
    momentKey: row.momentKey,
    locationId: row.locationId,
    staffRef: row.staffRef,
    responseId: row.responseId,
    createdBy: row.createdBy,
    ownerId: row.ownerId,
    pendingTransferTo: row.pendingTransferTo,
    pendingTransferBy: row.pendingTransferBy,
    escalationLevel: row.escalationLevel,
    escalationLevelName: ESCALATION_LEVELS[row.escalationLevel] ?? 'central',
    escalatedTo: row.escalatedTo,
    playbook: row.playbook as Record<string, unknown>,
    openedAt: row.openedAt,
    sla: {
      state: slaStateOf(row.nextDueAt, now),
      nextDueAt: row.nextDueAt,
      firstResponseDueAt: row.firstResponseDueAt,
      firstRespondedAt: row.firstRespondedAt,
      firstResponseMinutes: row.firstResponseMinutes,
      firstResponseBreachedAt: row.firstResponseBreachedAt,
      resolutionDueAt: row.resolutionDueAt,
      resolvedAt: row.resolvedAt,
      resolutionMinutes: row.resolutionMinutes,
      resolutionBreachedAt: row.resolutionBreachedAt,
      followUpScheduledFor: row.followUpScheduledFor,
      followUpDueAt: row.followUpDueAt,
      followUpDoneAt: row.followUpDoneAt,
      followUpBreachedAt: row.followUpBreachedAt,
    },
    followUp: { scoreKind: row.followUpScoreKind, score: row.followUpScore, recovered: row.followUpRecovered },
    compensation: { cost: row.compensationCost, currency: row.compensationCurrency, status: row.compensationStatus, granted: row.compensationGranted },
    closedAt: row.closedAt,
    closeReason: row.closeReason,
    reopenCount: row.reopenCount,
    updatedAt: row.updatedAt,
    allowedActions: allowedActions(row, relationOf(viewer, row, settings)),
  };
}

/** The language of the playbook: asked for, else the person's own, else the browser's, else the organisation's. */
async function playbookLocale(request: FastifyRequest, deps: RecoveryDeps, orgId: string, explicit: Locale | undefined): Promise<Locale> {
  if (explicit) return explicit;
  const own = request.sessionUser?.locale;
  if (isLocale(own)) return own;
  const organization = await getOrganization(deps.database.db, orgId);
  const fallback: Locale = isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
  const header = request.headers['accept-language'];
  return pickLocale(Array.isArray(header) ? header[0] : header, fallback);
}

function playbookView(row: CaseRow, locale: Locale): Static<typeof PlaybookView> {
  const texts = PLAYBOOK_TEXTS[locale];
  const pb = row.playbook;
  const records = { vent: pb.vent, apologise: pb.apologise, gather: pb.gather, propose: pb.propose, agree: pb.agree, follow_up: pb.followUp };
  return {
    locale,
    currentStep: currentStep(row),
    steps: STEP_KEYS.map((key, index) => {
      const record = records[key];
      const guide = texts.steps[key];
      const done = key === 'agree' ? pb.agree?.choice === 'accepted' : key === 'follow_up' ? pb.followUp?.result?.reached === true : record !== undefined;
      return {
        key,
        order: index + 1,
        title: guide.title,
        goal: guide.goal,
        phrases: guide.phrases,
        neverSay: guide.neverSay,
        done,
        recordedAt: record?.recordedAt ?? null,
        record: (record as Record<string, unknown> | undefined) ?? null,
        ...(key === 'gather'
          ? { questions: GATHER_QUESTIONS.map((q) => ({ key: q, label: texts.questions[q].label, example: texts.questions[q].example, answer: pb.gather?.answers[q] ?? null })) }
          : {}),
        ...(key === 'propose' ? { compensationKinds: COMPENSATION_KINDS.map((kind) => ({ kind, label: texts.compensation[kind] })) } : {}),
        ...(key === 'follow_up' ? { followUpChannels: FOLLOW_UP_CHANNELS.map((channel) => ({ channel, label: texts.followUpChannels[channel] })) } : {}),
      };
    }),
    compensationNote: texts.compensationNote,
    alwaysAvoid: texts.alwaysAvoid,
  };
}

export function registerRecoveryRoutes(app: HttpServer, deps: RecoveryDeps): void {
  const db = deps.database.db;

  /** The case as the caller sees it after a write (a fresh read keeps the view consistent). */
  async function respondWithCase(viewer: Viewer, row: CaseRow) {
    const settings = await loadRecoverySettings(db, viewer.actor.orgId);
    return caseView(row, viewer, settings, deps.now());
  }

  // ---------- cases ----------
  app.post('/api/v1/cases', {
    config: { access: { permission: 'cases.open' } },
    schema: {
      tags: ['recovery'],
      summary: 'Open a case: a complaint received at the counter, by phone or e-mail, or sent by another system',
      description:
        'A person who logs a complaint owns it (first-contact ownership). An API key may name `ownerId`; otherwise the outlet’s manager owns it. ' +
        'One open case per customer and visit: a complaint about a visit that already has an open case is attached to it (200, outcome "attached").',
      body: OpenCaseBody,
      response: { 200: OpenCaseResult, 201: OpenCaseResult, ...errors },
    },
  }, async (request, reply) => {
    const viewer = await viewerOf(db, actorOf(request));
    const opened = await openCase(deps, viewer, request.body);
    return reply.code(opened.outcome === 'created' ? 201 : 200).send({ outcome: opened.outcome, case: await respondWithCase(viewer, opened.row) });
  });

  app.get('/api/v1/cases', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['recovery'],
      summary: 'Cases, newest first: my cases, the team queue or all I may see, with filters',
      querystring: CaseListQuery,
      response: { 200: pageOf(CaseView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const viewer = await viewerOf(db, actor);
    const query = request.query;
    const now = deps.now();
    const locationIds = query.locationId ? await listLocationSubtreeIds(db, actor.orgId, query.locationId) : undefined;
    const page = await listCases(
      db,
      actor.orgId,
      visibilityOf(viewer),
      {
        view: query.view ?? 'all',
        me: viewer.userId,
        ...(query.status ? { status: query.status } : {}),
        ...(locationIds ? { locationIds } : {}),
        ...(query.journeyKey ? { journeyKey: query.journeyKey } : {}),
        ...(query.momentKey ? { momentKey: query.momentKey } : {}),
        ...(query.ownerId ? { ownerId: query.ownerId } : {}),
        ...(query.reason ? { reason: query.reason } : {}),
        ...(query.slaState ? { slaState: query.slaState } : {}),
        ...(query.customerRef ? { customerRef: query.customerRef } : {}),
        now,
      },
      { limit: query.limit ?? 50, ...(query.cursor ? { cursor: query.cursor } : {}) },
    );
    const settings = await loadRecoverySettings(db, actor.orgId);
    return { items: page.items.map((row) => caseView(row, viewer, settings, now)), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/cases/:caseId', {
    config: { access: { permission: 'cases.read' } },
    schema: { tags: ['recovery'], summary: 'One case with its whole timeline', params: CaseParams, response: { 200: CaseDetailView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    const viewer = await viewerOf(db, actor);
    const row = await getCase(db, actor.orgId, request.params.caseId);
    await assertVisible(db, viewer, row);
    const events = await loadCaseEvents(db, actor.orgId, row.caseId);
    return { case: await respondWithCase(viewer, row), events };
  });

  app.get('/api/v1/cases/:caseId/playbook', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['recovery'],
      summary: 'The six-step playbook of a case: what is done, what is next, suggested phrasing and phrases never to use',
      params: CaseParams,
      querystring: Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false }),
      response: { 200: PlaybookView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const viewer = await viewerOf(db, actor);
    const row = await getCase(db, actor.orgId, request.params.caseId);
    await assertVisible(db, viewer, row);
    return playbookView(row, await playbookLocale(request, deps, actor.orgId, request.query.locale));
  });

  /**
   * A command route: body → command, run on the case, answer with the case as it now is. The body
   * schema differs per route, so the type provider cannot infer it here; each caller names its type.
   */
  function command<B>(path: string, summary: string, body: unknown, toCommand: (body: B) => CommandInput, permission: 'cases.work' | 'cases.manage' = 'cases.work') {
    app.post(`/api/v1/cases/:caseId${path}`, {
      config: { access: { permission } },
      schema: { tags: ['recovery'], summary, params: CaseParams, ...(body ? { body: body as typeof DeclineBody } : {}), response: { 200: CaseView, ...errors } },
    }, async (request) => {
      const viewer = await viewerOf(db, actorOf(request));
      const { row } = await actOnCase(deps, viewer, (request.params as { caseId: string }).caseId, toCommand(request.body as B));
      return respondWithCase(viewer, row);
    });
  }

  command('/accept', 'Accept the case: take it from the team queue, or accept a transfer offered to you (no body)', undefined, () => ({ action: 'accept' }));
  command<Static<typeof DeclineBody>>('/decline', 'Decline a transfer offered to you (the owner keeps the case)', DeclineBody, (b) => ({ action: 'decline', reason: b.reason ?? null }));
  command<Static<typeof TransferBody>>('/transfer', 'Offer the case to someone else; it stays with its owner until they accept', TransferBody, (b) => ({ action: 'transfer', toUserId: b.toUserId, reason: b.reason ?? null }));
  command<Static<typeof EscalateBody>>('/escalate', 'Escalate one level: outlet manager → regional → central', EscalateBody, (b) => ({ action: 'escalate', reason: b.reason }));
  command<Static<typeof NoteBody>>('/notes', 'Add an internal note; mentioned people are notified', NoteBody, (b) => ({ action: 'note', text: b.text, mentions: b.mentions ?? [] }));
  command<Static<typeof VentBody>>('/steps/vent', 'Step 1: record the customer’s own words', VentBody, (b) => ({ action: 'vent', customerWords: b.customerWords }));
  command<Static<typeof ApologiseBody>>('/steps/apologise', 'Step 2: the apology was made', ApologiseBody, (b) => ({ action: 'apologise', note: b.note ?? null }));
  command<Static<typeof GatherBody>>('/steps/gather', 'Step 3: the answers to the question checklist', GatherBody, (b) => ({ action: 'gather', answers: b.answers }));
  command<Static<typeof ProposeBody>>('/steps/propose', 'Step 4: the proposed solution and optional compensation (above your limit it waits for approval)', ProposeBody, (b) => ({
    action: 'propose',
    solution: b.solution,
    compensation: b.compensation ? { kind: b.compensation.kind, description: b.compensation.description ?? null, cost: b.compensation.cost } : null,
  }));
  command<Static<typeof AgreeBody>>('/steps/agree', 'Step 5: the customer’s choice', AgreeBody, (b) => ({ action: 'agree', choice: b.choice, customerChoice: b.customerChoice }));
  command<Static<typeof ScheduleFollowUpBody>>('/steps/follow_up', 'Step 6: schedule the follow-up (phone, e-mail or letter; optionally with a re-survey)', ScheduleFollowUpBody, (b) => ({
    action: 'schedule_follow_up',
    scheduledFor: parseDate(b.scheduledFor, 'scheduledFor'),
    channel: b.channel,
    resurvey: b.resurvey ?? false,
  }));
  command<Static<typeof FollowUpResultBody>>('/steps/follow_up/result', 'Step 6: the follow-up’s result; satisfied closes the case as recovered, unhappy sends it back to step 4', FollowUpResultBody, (b) => ({
    action: 'record_follow_up',
    reached: b.reached,
    satisfied: b.satisfied ?? null,
    score: b.score ?? null,
    notes: b.notes ?? null,
  }));
  command<Static<typeof DecisionBody>>('/compensation/approve', 'Approve the proposed compensation (within your limit)', DecisionBody, (b) => ({ action: 'approve', note: b.note ?? null }), 'cases.manage');
  command<Static<typeof RejectBody>>('/compensation/reject', 'Reject the proposed compensation', RejectBody, (b) => ({ action: 'reject', note: b.note }), 'cases.manage');
  command<Static<typeof CloseBody>>('/close', 'Close the case', CloseBody, (b) => ({ action: 'close', reason: b.reason, note: b.note ?? null }));
  command<Static<typeof ReopenBody>>('/reopen', 'Reopen a closed case', ReopenBody, (b) => ({ action: 'reopen', reason: b.reason }));

  // ---------- rules ----------
  app.get('/api/v1/recovery-rules', {
    config: { access: { permission: 'cases.read' } },
    schema: { tags: ['recovery'], summary: 'The rules that open cases from failed moments', response: { 200: RulesView, ...errors } },
  }, async (request) => ({ rules: await loadRecoveryRules(db, actorOf(request).orgId) }));

  app.put('/api/v1/recovery-rules', {
    config: { access: { permission: 'recovery.settings' } },
    schema: {
      tags: ['recovery'],
      summary: 'Replace the rules. Per kind, the most specific rule decides (moment over journey over organisation); a disabled one switches its kind off there',
      body: RulesBody,
      response: { 200: RulesView, ...errors },
    },
  }, async (request) => {
    const orgId = actorOf(request).orgId;
    const rules = request.body.rules.map((input) => normaliseRule(input, newId()));
    const problem = ruleProblems(rules);
    if (problem) throw badRequest(problem.field, problem.message);
    await replaceRecoveryRules(db, orgId, rules);
    return { rules: await loadRecoveryRules(db, orgId) };
  });

  // ---------- settings ----------
  const settingsView = (settings: RecoverySettings) => ({
    slaPolicy: settings.slaPolicy,
    approval: settings.approval,
    days: settings.calendarDays,
    followUpSurveyKey: settings.followUpSurveyKey,
  });

  app.get('/api/v1/recovery/settings', {
    config: { access: { permission: 'cases.read' } },
    schema: { tags: ['recovery'], summary: 'SLA policy, holiday calendar and compensation approval limits', response: { 200: SettingsView, ...errors } },
  }, async (request) => settingsView(await loadRecoverySettings(db, actorOf(request).orgId)));

  app.put('/api/v1/recovery/sla-policy', {
    config: { access: { permission: 'recovery.settings' } },
    schema: {
      tags: ['recovery'],
      summary: 'Set the SLA due times (business minutes) and opening hours; each outlet counts them in its own time zone',
      body: SlaPolicySchema,
      response: { 200: SettingsView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const policy = request.body as SlaPolicy;
    const problem = weekHoursProblems(policy.weekHours as WeekHours)[0];
    if (problem) throw badRequest(problem.field, problem.message);
    await saveSlaPolicy(db, actor.orgId, policy, userIdOf(actor));
    return settingsView(await loadRecoverySettings(db, actor.orgId));
  });

  app.put('/api/v1/recovery/holidays', {
    config: { access: { permission: 'recovery.settings' } },
    schema: {
      tags: ['recovery'],
      summary: 'Replace the holiday calendar: holidays stop SLA clocks; workdays open a day (moved working days) or give it its own hours',
      body: HolidaysBody,
      response: { 200: SettingsView, ...errors },
    },
  }, async (request) => {
    const orgId = actorOf(request).orgId;
    const days = request.body.days as CalendarDay[];
    const problem = calendarDayProblems(days)[0];
    if (problem) throw badRequest(problem.field, problem.message);
    await replaceCalendarDays(db, orgId, days);
    return settingsView(await loadRecoverySettings(db, orgId));
  });

  app.put('/api/v1/recovery/approval-limits', {
    config: { access: { permission: 'recovery.settings' } },
    schema: {
      tags: ['recovery'],
      summary: 'Set the compensation currency and the most each role may grant without approval',
      body: ApprovalSchema,
      response: { 200: SettingsView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const approval = request.body as ApprovalSettings;
    await saveApprovalSettings(db, actor.orgId, approval, userIdOf(actor));
    return settingsView(await loadRecoverySettings(db, actor.orgId));
  });

  app.put('/api/v1/recovery/follow-up-survey', {
    config: { access: { permission: 'recovery.settings' } },
    schema: {
      tags: ['recovery'],
      summary: 'Choose the published survey e-mailed as the automatic re-survey when a follow-up with re-survey falls due (null = none)',
      body: FollowUpSurveyBody,
      response: { 200: SettingsView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const surveyKey = request.body.surveyKey;
    if (surveyKey !== null) {
      const problem = await followUpSurveyProblem(db, actor.orgId, surveyKey);
      if (problem) throw badRequest('surveyKey', problem);
    }
    await saveFollowUpSurveyKey(db, actor.orgId, surveyKey, userIdOf(actor));
    return settingsView(await loadRecoverySettings(db, actor.orgId));
  });

  // ---------- metrics ----------
  app.get('/api/v1/recovery/metrics', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['recovery'],
      summary: 'Recovery rate, time to first response and to resolution (business minutes), SLA breaches and compensation, by location, staff or moment',
      querystring: MetricsQuery,
      response: { 200: MetricsView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const viewer = await viewerOf(db, actor);
    const to = request.query.to ? new Date(request.query.to) : deps.now();
    const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * 86_400_000);
    checkTimeRange(from, to);
    const groupBy: MetricGroup = request.query.groupBy ?? 'location';
    const result = await computeMetrics(db, actor.orgId, visibilityOf(viewer), { groupBy, from, to });
    return { groupBy, from, to, ...result };
  });

  app.get('/api/v1/recovery/silent-detractors', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['recovery'],
      summary: 'Silent detractors: detractor answers (NPS 0–6) with no complaint and no case, counted per outlet and listed newest first',
      description:
        `An answer is silent when no case was opened from it or about its visit, and the customer has no case opened within ${SILENT_WINDOW_DAYS} days of it. ` +
        'Open a case for one with POST /api/v1/cases and its responseId.',
      querystring: SilentDetractorsQuery,
      response: { 200: SilentDetractorsView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const viewer = await viewerOf(db, actor);
    const to = request.query.to ? new Date(request.query.to) : deps.now();
    const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * 86_400_000);
    checkTimeRange(from, to);
    let locationIds = viewer.locationIds;
    if (request.query.locationId) {
      const asked = await listLocationSubtreeIds(db, actor.orgId, request.query.locationId);
      locationIds = locationIds ? asked.filter((id) => locationIds!.includes(id)) : asked;
    }
    const filter = { from, to, ...(locationIds ? { locationIds } : {}) };
    const page = await listSilentDetractors(db, actor.orgId, filter, { limit: request.query.limit ?? 50, ...(request.query.cursor ? { cursor: request.query.cursor } : {}) });
    const byLocation = await countSilentDetractorsByLocation(db, actor.orgId, filter);
    return { from, to, windowDays: SILENT_WINDOW_DAYS, byLocation, items: page.items, nextCursor: page.nextCursor };
  });

  app.get('/api/v1/recovery/people', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['recovery'],
      summary: 'Active members by name and role, for showing who did what on a case and picking whom to transfer to or mention (no e-mail addresses)',
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), role: Type.String(), locationId: Type.Union([Type.String(), Type.Null()]), worksCases: Type.Boolean() })),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const orgId = actorOf(request).orgId;
    // Members are found by where their scope is rooted: the whole organisation (null) or any location of it.
    const result = (await db.execute(sql`select location_id from locations where org_id = ${orgId}`)) as unknown as { rows: { location_id: string }[] };
    const members = await listActiveMembers(db, orgId, { scopes: [null, ...result.rows.map((row) => row.location_id)] });
    return { items: members.map((m) => ({ userId: m.userId, name: m.name, role: m.role, locationId: m.locationId, worksCases: isWorkingRole(m.role) })) };
  });

  // ---------- webhooks ----------
  const WebhookView = Type.Object({
    webhookId: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  });
  const webhookView = (row: WebhookRow) => ({ webhookId: row.webhookId, url: row.url, events: row.events, enabled: row.enabled, createdAt: row.createdAt.toISOString() });
  const WebhookParams = Type.Object({ webhookId: Type.String({ minLength: 1, maxLength: 64 }) });

  app.get('/api/v1/recovery/webhooks', {
    config: { access: { permission: 'recovery.settings' } },
    schema: { tags: ['recovery'], summary: 'Webhooks that receive case events', response: { 200: Type.Object({ items: Type.Array(WebhookView) }), ...errors } },
  }, async (request) => ({ items: (await listWebhooks(db, actorOf(request).orgId)).map(webhookView) }));

  app.post('/api/v1/recovery/webhooks', {
    config: { access: { permission: 'recovery.settings' } },
    schema: {
      tags: ['recovery'],
      summary: 'Send case events to a URL (the secret for checking signatures is shown only now)',
      description:
        'Each case event is POSTed as JSON `{id, type, orgId, caseId, at, actor, data}` with the headers of every Keymoment webhook: `Keymoment-Event`, ' +
        '`Keymoment-Event-Id` (= `id`), `Keymoment-Delivery-Id`, `Keymoment-Attempt` and `Keymoment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. ' +
        `Non-2xx answers are retried with backoff; delivery is at least once (dedupe by Keymoment-Event-Id). Event types: ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
      body: Type.Object(
        {
          url: Type.String({ minLength: 1, maxLength: 2000 }),
          events: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50, description: 'Event types to send; none = all' })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ ...WebhookView.properties, secret: Type.String() }), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await createWebhook(db, actor.orgId, request.body, userIdOf(actor), deps.now());
    return reply.code(201).send({ ...webhookView(row), secret: row.secret });
  });

  app.delete('/api/v1/recovery/webhooks/:webhookId', {
    config: { access: { permission: 'recovery.settings' } },
    schema: { tags: ['recovery'], summary: 'Stop sending case events to this webhook (its pending deliveries are dropped)', params: WebhookParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await deleteWebhook(db, actorOf(request).orgId, request.params.webhookId);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/recovery/webhooks/:webhookId/deliveries', {
    config: { access: { permission: 'recovery.settings' } },
    schema: {
      tags: ['recovery'],
      summary: 'The latest deliveries of a webhook with their status, attempts and last error',
      params: WebhookParams,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              deliveryId: Type.String(),
              caseId: Type.String(),
              eventType: Type.String(),
              status: Type.String(),
              attempts: Type.Integer(),
              lastError: Type.Union([Type.String(), Type.Null()]),
              nextAttemptAt: Type.String({ format: 'date-time' }),
              deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            }),
          ),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const rows = await listDeliveries(db, actorOf(request).orgId, request.params.webhookId, request.query.limit ?? 50);
    return {
      items: rows.map((row) => ({
        deliveryId: row.deliveryId,
        caseId: row.caseId,
        eventType: row.eventType,
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        nextAttemptAt: row.nextAttemptAt.toISOString(),
        deliveredAt: row.deliveredAt ? row.deliveredAt.toISOString() : null,
      })),
    };
  });
  // Notifications live in the shared inbox: src/notifications (GET /api/v1/notifications …).
}

function parseDate(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badRequest(field, `${field} must be an ISO 8601 date-time`);
  return date;
}

