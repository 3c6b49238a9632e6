import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Locale } from '../platform/locales.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { surveyLinks } from './schema.ts';
import { createSurveyLink, getSurvey } from './store.ts';
import { surveyWidgets } from './webhook-schema.ts';

/*
 * Embeddable widgets: a survey shown in an iframe on the business's own web pages. Each widget has
 * its own anonymous link (channel `widget`) and the list of origins allowed to frame it. The survey
 * page normally forbids framing (`frame-ancestors 'none'`); for pages opened from a widget's link
 * — the link itself and the respondent's own link started from it, both carry the link id — the
 * widget hook (widget-routes.ts) names exactly the widget's origins instead.
 */

export type SurveyWidgetRow = typeof surveyWidgets.$inferSelect;
export const MAX_ORIGINS = 20;

/** An origin is scheme://host[:port] with nothing after it; https, or http for local development. */
export function normaliseOrigins(origins: readonly string[]): string[] {
  const result: string[] = [];
  origins.forEach((text, index) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw badRequest(`allowedOrigins.${index}`, `"${text}" is not an origin like https://shop.example.com`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== text.replace(/\/$/, '').toLowerCase()) {
      throw badRequest(`allowedOrigins.${index}`, `"${text}" is not an origin like https://shop.example.com (scheme, host and port only)`);
    }
    if (!result.includes(url.origin)) result.push(url.origin);
  });
  return result;
}

export async function createWidget(
  db: Db,
  orgId: string,
  key: string,
  input: { name: string; allowedOrigins: string[]; locale?: Locale | undefined; locationId?: string | undefined; locationCode?: string | undefined },
  by: { createdBy: string | null; now: Date },
): Promise<SurveyWidgetRow> {
  const allowedOrigins = normaliseOrigins(input.allowedOrigins);
  return db.transaction(async (tx) => {
    const link = await createSurveyLink(tx, orgId, key, { label: `Widget: ${input.name}`, channel: 'widget', locale: input.locale, locationId: input.locationId, locationCode: input.locationCode }, by);
    const [row] = await tx
      .insert(surveyWidgets)
      .values({ orgId, widgetId: newId(by.now.getTime()), name: input.name, surveyId: link.surveyId, linkId: link.linkId, allowedOrigins, createdBy: by.createdBy, createdAt: by.now })
      .returning();
    return row!;
  });
}

export async function getWidget(db: Db, orgId: string, key: string, widgetId: string): Promise<SurveyWidgetRow> {
  const survey = await getSurvey(db, orgId, key);
  const [row] = await db.select().from(surveyWidgets).where(and(eq(surveyWidgets.orgId, orgId), eq(surveyWidgets.surveyId, survey.surveyId), eq(surveyWidgets.widgetId, widgetId)));
  if (!row) throw new NotFoundError('Widget');
  return row;
}

export async function listWidgets(db: Db, orgId: string, key: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<SurveyWidgetRow>> {
  const survey = await getSurvey(db, orgId, key);
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(surveyWidgets)
    .where(and(eq(surveyWidgets.orgId, orgId), eq(surveyWidgets.surveyId, survey.surveyId), isNull(surveyWidgets.revokedAt), after ? gt(surveyWidgets.widgetId, after) : undefined))
    .orderBy(asc(surveyWidgets.widgetId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.widgetId);
}

export async function updateWidget(db: Db, orgId: string, key: string, widgetId: string, input: { name?: string | undefined; allowedOrigins?: string[] | undefined }): Promise<SurveyWidgetRow> {
  const current = await getWidget(db, orgId, key, widgetId);
  if (current.revokedAt) throw badRequest('widgetId', 'this widget is removed; make a new one');
  const [row] = await db
    .update(surveyWidgets)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.allowedOrigins !== undefined ? { allowedOrigins: normaliseOrigins(input.allowedOrigins) } : {}),
    })
    .where(and(eq(surveyWidgets.orgId, orgId), eq(surveyWidgets.widgetId, widgetId)))
    .returning();
  return row!;
}

/** Removes a widget: its link is revoked too, so the snippet stops showing the survey anywhere. */
export async function revokeWidget(db: Db, orgId: string, key: string, widgetId: string, now: Date): Promise<void> {
  const current = await getWidget(db, orgId, key, widgetId);
  if (current.revokedAt) return;
  await db.transaction(async (tx) => {
    await tx.update(surveyWidgets).set({ revokedAt: now }).where(and(eq(surveyWidgets.orgId, orgId), eq(surveyWidgets.widgetId, widgetId)));
    await tx.update(surveyLinks).set({ revokedAt: now }).where(and(eq(surveyLinks.orgId, orgId), eq(surveyLinks.linkId, current.linkId), isNull(surveyLinks.revokedAt)));
  });
}

/** The origins that may frame pages of this link (an active widget's), or undefined when it is no widget's. */
export async function framingOriginsOfLink(db: Db, orgId: string, linkId: string): Promise<string[] | undefined> {
  const [row] = await db
    .select({ allowedOrigins: surveyWidgets.allowedOrigins, revokedAt: surveyWidgets.revokedAt })
    .from(surveyWidgets)
    .where(and(eq(surveyWidgets.orgId, orgId), eq(surveyWidgets.linkId, linkId)));
  return row && !row.revokedAt ? row.allowedOrigins : undefined;
}
