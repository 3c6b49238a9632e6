import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Type } from 'typebox';
import { actorOf, userIdOf } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, Timestamp } from '../platform/schema-types.ts';
import { signSurveyLink, verifySurveyLink } from './links.ts';
import { Key, LocaleSchema } from './schemas.ts';
import { findSurveyLink, linkTokenOf } from './store.ts';
import { createWidget, framingOriginsOfLink, getWidget, listWidgets, MAX_ORIGINS, revokeWidget, updateWidget, type SurveyWidgetRow } from './widget.ts';

/*
 * Embeddable widgets: the admin API, the widget script (`/w/widget.js`, at most 15 KB gzipped — it
 * is far smaller), and the hook that lets the widget's allowed origins — and only them — frame the
 * survey pages opened from its link.
 */

export interface WidgetRouteDeps {
  database: Database;
  now: () => Date;
  publicUrl: string;
  linkSecret: () => Promise<string>;
}

export const WIDGET_SCRIPT_PATH = '/w/widget.js';
export const WIDGET_SCRIPT = readFileSync(new URL('./widget-script.js', import.meta.url), 'utf8');
export const WIDGET_SCRIPT_GZIPPED_BYTES = gzipSync(WIDGET_SCRIPT).length;

const errors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 403: { $ref: 'ErrorBody' }, 404: { $ref: 'ErrorBody' }, 409: { $ref: 'ErrorBody' } };
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Origins = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
  maxItems: MAX_ORIGINS,
  description: 'Origins allowed to show the widget (https://shop.example.com); the survey page refuses to be framed anywhere else',
});

const WidgetView = Type.Object({
  widgetId: Type.String(),
  surveyKey: Type.String(),
  name: Type.String(),
  linkId: Type.String(),
  allowedOrigins: Type.Array(Type.String()),
  locale: Nullable(LocaleSchema),
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  token: Type.String({ description: 'The data-survey value' }),
  scriptUrl: Type.String(),
  snippet: Type.String({ description: 'The tag to paste into the page' }),
});

/** How long the framing decision for a link is remembered (a changed origin list applies within this time). */
const FRAMING_CACHE_MS = 30_000;

export function registerWidgetRoutes(app: HttpServer, deps: WidgetRouteDeps): void {
  const db = deps.database.db;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const scriptUrl = `${base}${WIDGET_SCRIPT_PATH}`;

  async function widgetView(row: SurveyWidgetRow, surveyKey: string) {
    const link = await findSurveyLink(db, row.orgId, row.linkId);
    const token = signSurveyLink(linkTokenOf(link!), await deps.linkSecret());
    return {
      widgetId: row.widgetId,
      surveyKey,
      name: row.name,
      linkId: row.linkId,
      allowedOrigins: row.allowedOrigins,
      locale: (link?.locale ?? null) as never,
      revokedAt: row.revokedAt,
      createdAt: row.createdAt,
      token,
      scriptUrl,
      snippet: `<script src="${scriptUrl}" data-survey="${token}" data-event="load" data-delay="5" async></script>`,
    };
  }

  const SurveyParams = Type.Object({ key: Key });
  const WidgetParams = Type.Object({ key: Key, widgetId: Id });

  app.get('/api/v1/surveys/:key/widgets', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['survey links'], summary: 'The survey’s embeddable widgets, oldest first', params: SurveyParams, querystring: PageQuery, response: { 200: pageOf(WidgetView), ...errors } },
  }, async (request) => {
    const page = await listWidgets(db, actorOf(request).orgId, request.params.key, { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: await Promise.all(page.items.map((row) => widgetView(row, request.params.key))), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/surveys/:key/widgets', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['survey links'],
      summary: 'Make an embeddable widget: its own anonymous link (channel widget) and the origins allowed to show it; the answer holds the <script> snippet',
      params: SurveyParams,
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          allowedOrigins: Origins,
          locale: Type.Optional(LocaleSchema),
          locationId: Type.Optional(Id),
          locationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: WidgetView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await createWidget(db, actor.orgId, request.params.key, request.body, { createdBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send(await widgetView(row, request.params.key));
  });

  app.get('/api/v1/surveys/:key/widgets/:widgetId', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['survey links'], summary: 'One widget', params: WidgetParams, response: { 200: WidgetView, ...errors } },
  }, async (request) => widgetView(await getWidget(db, actorOf(request).orgId, request.params.key, request.params.widgetId), request.params.key));

  app.patch('/api/v1/surveys/:key/widgets/:widgetId', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['survey links'],
      summary: 'Rename a widget or change its allowed origins',
      params: WidgetParams,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), allowedOrigins: Type.Optional(Origins) }, { additionalProperties: false }),
      response: { 200: WidgetView, ...errors },
    },
  }, async (request) => {
    const row = await updateWidget(db, actorOf(request).orgId, request.params.key, request.params.widgetId, request.body);
    framing.clear();
    return widgetView(row, request.params.key);
  });

  app.delete('/api/v1/surveys/:key/widgets/:widgetId', {
    config: { access: { permission: 'surveys.write' } },
    schema: { tags: ['survey links'], summary: 'Remove a widget (its link is revoked, so the snippet stops showing the survey)', params: WidgetParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await revokeWidget(db, actorOf(request).orgId, request.params.key, request.params.widgetId, deps.now());
    framing.clear();
    return reply.code(204).send(null);
  });

  app.get(WIDGET_SCRIPT_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      // Loaded by other sites' pages: allow that explicitly (the default same-origin policies do not apply to <script>, but CORP does).
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(WIDGET_SCRIPT),
  );

  // ---------- framing of widget survey pages ----------
  const framing = new Map<string, { origins: string[] | undefined; until: number }>();
  async function framingOrigins(orgId: string, linkId: string): Promise<string[] | undefined> {
    const cacheKey = `${orgId}\u0000${linkId}`;
    const cached = framing.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.origins;
    const origins = await framingOriginsOfLink(db, orgId, linkId);
    if (framing.size > 10_000) framing.clear();
    framing.set(cacheKey, { origins, until: Date.now() + FRAMING_CACHE_MS });
    return origins;
  }

  /*
   * The survey page answers with `frame-ancestors 'none'` and X-Frame-Options DENY. For a page whose
   * token belongs to a widget's link (the public link, or a respondent's own link started from it)
   * the ancestors become the widget's allowed origins; everything else stays unframeable.
   */
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/s/') || path.startsWith('/s/assets/')) return payload;
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp !== 'string' || !csp.includes("frame-ancestors 'none'")) return payload;
    const verified = verifySurveyLink(decodeURIComponent(path.slice(3).split('/')[0]!), await deps.linkSecret(), deps.now());
    if (verified.status !== 'valid' || verified.token.kind === 'invitation') return payload;
    const origins = await framingOrigins(verified.token.orgId, verified.token.linkId);
    if (!origins || origins.length === 0) return payload;
    reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", `frame-ancestors ${origins.join(' ')}`));
    reply.removeHeader('x-frame-options');
    return payload;
  });
}
