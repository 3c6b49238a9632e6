import { Type } from 'typebox';
import { actorOf } from '../../access/index.ts';
import { clearInsightAnalysisCache } from '../../insights/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http-server.ts';
import { Nullable } from '../../platform/schema-types.ts';
import type { RouteHost } from '../../main.ts';
import { fillDemoOrganization, type DemoSummary } from './run-demo.ts';

/*
 * The "Load demo data" button of an empty workspace (issue #5 point 7): `POST /api/v1/demo` fills the
 * CALLER'S organisation with the `keymoment demo` world (same generator, same API calls through
 * `fillDemoOrganization`), `GET /api/v1/demo` tells whether the workspace is empty and how a run goes.
 *
 * Why in-process and not a pg-boss job: the demo is posted through the server's own API
 * (`app.inject`), which only exists in the process that serves it, and jobs may be off
 * (KEYMOMENT_JOBS=off, e2e); a job would have to re-create all of it. So the run is a promise in this
 * process and its progress a record in memory, per organisation. Consequences (docs/demo.md): a
 * restart during a run stops it half-way (the organisation then has data, so the button does not come
 * back; the CLI `keymoment demo` into a new organisation is the way out), and in a cluster the
 * progress is seen only on the node that runs it.
 *
 * Never mixes the demo into real data: refused with 409 when the organisation has any location,
 * journey, survey, interaction or response, or while a run is going.
 */

/** Tables whose rows make a workspace "not empty" (each has org_id). */
const DATA_TABLES = ['responses', 'interactions', 'journeys', 'surveys', 'locations'] as const;

export interface DemoRunState {
  status: 'running' | 'done' | 'failed';
  months: number;
  day: number;
  days: number;
  interactions: number;
  responses: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  summary: DemoSummary | null;
}

const runs = new Map<string, DemoRunState>();
const running = new Map<string, Promise<void>>();

/** The promise of the organisation's run (tests wait for it). */
export function demoRunOf(orgId: string): Promise<void> | undefined {
  return running.get(orgId);
}

const RunView = Type.Object({
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  months: Type.Integer(),
  day: Type.Integer({ description: 'Days generated so far' }),
  days: Type.Integer({ description: 'Days to generate (0 while checking)' }),
  interactions: Type.Integer(),
  responses: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  error: Nullable(Type.String()),
});
const StateView = Type.Object({
  empty: Type.Boolean({ description: 'No location, journey, survey, interaction or response: the demo may be loaded' }),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Rows per table that make the workspace non-empty' }),
  run: Nullable(RunView),
});
const errors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 403: { $ref: 'ErrorBody' }, 409: { $ref: 'ErrorBody' } };

export function registerDemoRoutes(app: HttpServer, host: RouteHost): void {
  const { database, now, logger } = host;

  async function dataCounts(orgId: string): Promise<Record<string, number>> {
    const selects = DATA_TABLES.map((table) => `(select count(*)::int from ${table} where org_id = $1) as ${table}`).join(', ');
    const { rows } = await database.query<Record<string, number>>(`select ${selects}`, [orgId]);
    return Object.fromEntries(DATA_TABLES.map((table) => [table, Number(rows[0]?.[table] ?? 0)]));
  }
  const view = ({ summary: _summary, ...rest }: DemoRunState) => rest;

  app.get('/api/v1/demo', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['demo'],
      summary: 'Whether the workspace is empty (so the demo may be loaded) and the progress of a demo run in this organisation',
      response: { 200: StateView, ...errors },
    },
  }, async (request) => {
    const { orgId } = actorOf(request);
    const counts = await dataCounts(orgId);
    return { empty: Object.values(counts).every((n) => n === 0), counts, run: runs.has(orgId) ? view(runs.get(orgId)!) : null };
  });

  app.post('/api/v1/demo', {
    config: { access: { permission: 'org.update' } },
    schema: {
      tags: ['demo'],
      summary:
        'Fill this EMPTY organisation with the demo (a telecom operator: 3 regions, 30 service halls, staff, the service-hall journey, ' +
        'surveys and `months` months of visits and answers). Admins only. Runs in the background: 202, then poll GET /api/v1/demo. ' +
        '409 when the organisation has any data or a run is going.',
      body: Type.Object(
        {
          months: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'Months of history ending today (default 12)' })),
          scale: Type.Optional(Type.Number({ minimum: 0.01, maximum: 1, description: 'Traffic multiplier (default 1 ≈ 27,000 responses a year)' })),
        },
        { additionalProperties: false },
      ),
      response: { 202: RunView, ...errors },
    },
  }, async (request, reply) => {
    const { orgId } = actorOf(request);
    const body = (request.body ?? {}) as { months?: number; scale?: number };
    if (runs.get(orgId)?.status === 'running') throw new AppError(409, 'demo_running', 'The demo is already being loaded into this organisation');
    const months = body.months ?? 12;
    // Claimed before the first await, so two clicks cannot both start a run.
    const run: DemoRunState = { status: 'running', months, day: 0, days: 0, interactions: 0, responses: 0, startedAt: now().toISOString(), finishedAt: null, error: null, summary: null };
    const previous = runs.get(orgId);
    runs.set(orgId, run);
    let counts: Record<string, number>;
    try {
      counts = await dataCounts(orgId);
    } catch (error) {
      restore(orgId, previous);
      throw error;
    }
    const existing = Object.entries(counts).filter(([, n]) => n > 0);
    if (existing.length > 0) {
      restore(orgId, previous);
      throw new AppError(
        409,
        'organization_not_empty',
        `This organisation already has data (${existing.map(([table, n]) => `${n} ${table}`).join(', ')}); the demo is loaded only into an empty organisation, never mixed into real data`,
      );
    }
    const work = fillDemoOrganization({ app, database, auth: host.auth }, orgId, {
      months,
      scale: body.scale ?? 1,
      seed: 42,
      now: now(),
      progress: (state) => Object.assign(run, state),
    }).then(
      (summary) => {
        Object.assign(run, { status: 'done', summary, interactions: summary.interactions, responses: summary.responses, finishedAt: now().toISOString() });
        // Analyses cached while the workspace was empty would hide the new data for minutes.
        clearInsightAnalysisCache();
      },
      (error: unknown) => {
        logger.error({ err: error, orgId }, 'loading the demo data failed');
        Object.assign(run, { status: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : String(error), finishedAt: now().toISOString() });
      },
    );
    running.set(orgId, work.finally(() => running.delete(orgId)));
    return reply.code(202).send(view(run));
  });
}

function restore(orgId: string, previous: DemoRunState | undefined) {
  if (previous) runs.set(orgId, previous);
  else runs.delete(orgId);
}
