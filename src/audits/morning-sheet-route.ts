import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf, listActiveMembers, type Actor } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { Nullable, oneOf } from '../platform/schema-types.ts';
import { assembleMorningSheet, DEFAULT_SHEET_MIN_N, localDate, outletOf } from './morning-sheet.ts';
import { renderMorningSheet } from './morning-sheet-pdf.ts';
import { Key, LocaleSchema } from './schemas.ts';

/*
 * GET /api/v1/audits/morning-sheet — the morning-meeting sheet of an outlet (issue 7, point 7) as a
 * one-page A4 PDF, or the assembled data as JSON.
 */

export interface MorningSheetRouteDeps {
  database: Database;
  now: () => Date;
  /** 404 unless the caller's location scope includes the location (the audits room's rule). */
  assertLocationVisible: (actor: Actor, locationId: string) => Promise<void>;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
};

const Target = Type.Object({ comparator: oneOf(['gte', 'lte'] as const), value: Type.Number() });
const MetricLineView = Type.Object({
  score: Nullable(Type.Number()),
  n: Type.Integer(),
  target: Nullable(Target),
  status: oneOf(['meets', 'below', 'insufficient', 'no_benchmark'] as const),
  previous: Type.Object({ score: Nullable(Type.Number()), n: Type.Integer() }),
  change: Nullable(Type.Object({ difference: Type.Number(), pValue: Type.Number() }, { description: 'Last week − the week before; only when significant at 95 %' })),
});
const MetricName = oneOf(['nps', 'csat'] as const);
const FocusReasonView = Type.Union([
  Type.Object({ kind: Type.Literal('below_benchmark'), metric: MetricName, score: Type.Number(), target: Target, n: Type.Integer(), gap: Type.Number({ description: 'Share (0–1) of the metric’s range below the target' }) }),
  Type.Object({ kind: Type.Literal('declined'), metric: MetricName, previous: Type.Number(), score: Type.Number(), difference: Type.Number(), pValue: Type.Number() }),
  Type.Object({ kind: Type.Literal('open_actions'), count: Type.Integer() }),
  Type.Object({ kind: oneOf(['peak_moment', 'end_moment', 'key_moment', 'first_moment'] as const) }),
]);
const MorningSheetView = Type.Object(
  {
    organisation: Type.String(),
    location: Type.Object({ locationId: Type.String(), name: Type.String(), code: Nullable(Type.String()), path: Type.Array(Type.String()), timezone: Type.String() }),
    date: Type.String({ description: 'The sheet’s day, YYYY-MM-DD, in the outlet’s time zone' }),
    locale: LocaleSchema,
    generatedAt: Type.String({ format: 'date-time' }),
    minN: Type.Integer(),
    week: Type.Object({ from: Type.String(), to: Type.String(), previousFrom: Type.String(), previousTo: Type.String() }),
    journeys: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
    focus: Type.Array(
      Type.Object({
        journeyKey: Type.String(),
        journeyName: Type.String(),
        momentKey: Type.String(),
        name: Type.String(),
        stageName: Type.String(),
        peak: Type.Boolean(),
        end: Type.Boolean(),
        reason: FocusReasonView,
        responsibleRole: Nullable(Type.String()),
        coreNeeds: Type.Array(Type.String()),
        actionGuide: Type.Array(Type.Object({ number: Type.Integer(), title: Type.String(), detail: Nullable(Type.String()) })),
      }),
    ),
    scores: Type.Array(
      Type.Object({
        journeyKey: Type.String(),
        journeyName: Type.String(),
        momentKey: Type.String(),
        name: Type.String(),
        order: Type.Integer(),
        peak: Type.Boolean(),
        end: Type.Boolean(),
        key: Type.Boolean(),
        nps: MetricLineView,
        csat: MetricLineView,
      }),
    ),
    correctiveActions: Type.Object({
      open: Type.Integer(),
      overdue: Type.Integer(),
      items: Type.Array(
        Type.Object({
          actionId: Type.String(),
          checklistKey: Type.String(),
          journeyKey: Type.String(),
          momentKey: Type.String(),
          momentName: Type.String(),
          title: Type.String(),
          critical: Type.Boolean(),
          ownerUserId: Nullable(Type.String()),
          ownerName: Nullable(Type.String()),
          dueAt: Type.String({ format: 'date-time' }),
          overdue: Type.Boolean(),
          escalationLevel: Type.Integer(),
        }),
      ),
    }),
    improvementActions: Type.Object({
      active: Type.Integer(),
      items: Type.Array(
        Type.Object({
          improvementId: Type.String(),
          title: Type.String(),
          journeyKey: Type.String(),
          momentKey: Type.String(),
          momentName: Type.String(),
          status: oneOf(['plan', 'do', 'check', 'act'] as const),
          cycle: Type.Integer(),
          ownerUserId: Nullable(Type.String()),
          ownerName: Nullable(Type.String()),
          startDate: Type.String(),
        }),
      ),
    }),
    cases: Type.Object({
      open: Type.Integer(),
      breached: Type.Integer(),
      nearest: Type.Array(
        Type.Object({
          caseId: Type.String(),
          summary: Type.String(),
          reason: Type.String(),
          status: Type.String(),
          momentKey: Nullable(Type.String()),
          momentName: Nullable(Type.String()),
          ownerName: Nullable(Type.String()),
          openedAt: Type.String({ format: 'date-time' }),
          nextDueAt: Nullable(Type.String({ format: 'date-time' })),
          slaState: oneOf(['breached', 'due_soon', 'on_track', 'none'] as const),
        }),
      ),
    }),
  },
  { $id: 'MorningSheet' },
);

const Binary = { type: 'string', format: 'binary' } as const;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A file name that survives every browser and mail client: the slug characters only. */
function safeName(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'outlet';
}

/** `lang`, else the signed-in person's profile language, else Accept-Language, else English. */
async function sheetLocale(database: Database, actor: Actor, request: FastifyRequest, explicit: Locale | undefined): Promise<Locale> {
  if (explicit) return explicit;
  if (actor.kind === 'user') {
    const [member] = await listActiveMembers(database.db, actor.orgId, { userIds: [actor.userId] });
    if (member && isLocale(member.locale)) return member.locale;
  }
  const header = request.headers['accept-language'];
  return pickLocale(Array.isArray(header) ? header[0] : header, 'en');
}

export function registerMorningSheetRoute(app: HttpServer, deps: MorningSheetRouteDeps): void {
  const { database } = deps;
  app.addSchema(MorningSheetView);
  app.get('/api/v1/audits/morning-sheet', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags: ['audits'],
      summary:
        'The morning-meeting sheet of an outlet: the 2–3 moments to drill today with their action guides and the customers’ core needs, last week’s NPS/CSAT per moment ' +
        'against the outlet’s targets (changes against the week before only when significant), the open corrective and improvement actions and the open recovery cases ' +
        'nearest to their SLA deadline — as a one-page A4 PDF (default) or the assembled data (format=json).',
      querystring: Type.Object(
        {
          location: Type.String({ minLength: 1, maxLength: 64, description: 'The outlet' }),
          date: Type.Optional(Type.String({ maxLength: 10, description: 'The sheet’s day, YYYY-MM-DD; default today in the outlet’s time zone. Last week = the 7 days before it.' })),
          lang: Type.Optional(LocaleSchema),
          format: Type.Optional(oneOf(['pdf', 'json'] as const)),
          journey: Type.Optional(Key),
          minN: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: `Fewest answers for a score (default ${DEFAULT_SHEET_MIN_N})` })),
        },
        { additionalProperties: false },
      ),
      response: {
        200: {
          description: 'The sheet',
          content: { 'application/pdf': { schema: Binary }, 'application/json': { schema: { $ref: 'MorningSheet' } } },
        },
        ...errors,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const query = request.query;
    if (query.date !== undefined && !isCalendarDate(query.date)) throw badRequest('date', 'date must be a calendar date (YYYY-MM-DD)');
    await deps.assertLocationVisible(actor, query.location);
    const outlet = await outletOf(database.db, actor.orgId, query.location);
    const now = deps.now();
    const date = query.date ?? localDate(now, outlet.timezone);
    const locale = await sheetLocale(database, actor, request, query.lang);
    const sheet = await assembleMorningSheet(database.db, actor.orgId, { locationId: outlet.locationId, date, locale, minN: query.minN ?? DEFAULT_SHEET_MIN_N, now, journeyKey: query.journey });
    if (query.format === 'json') return reply.type('application/json; charset=utf-8').header('cache-control', 'private, no-store').send(sheet);
    const { body } = await renderMorningSheet(sheet, 'pdf');
    const fileName = `morning-sheet-${safeName(outlet.code ?? outlet.name)}-${date}-${locale}.pdf`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  });
}
