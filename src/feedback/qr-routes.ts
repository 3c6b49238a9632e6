import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf, findLocationIdsByCode, getLocation, getOrganization, userIdOf } from '../access/index.ts';
import { findPublishedMoment, resolveText } from '../journeys/index.ts';
import type { Database, Db } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { Nullable } from '../platform/schema-types.ts';
import { signSurveyLink } from './links.ts';
import { qrPng, qrSvg, type QrCaption } from './qr.ts';
import { surveyLinks } from './schema.ts';
import { Key, LocaleSchema } from './schemas.ts';
import { createSurveyLink, fallbackOf, findSurveyLink, getSurvey, getSurveyVersion, linkTokenOf, type SurveyLinkRow, type SurveyRow } from './store.ts';

/*
 * QR codes per location and moment. `POST …/qr-links` finds the survey's active QR link for that
 * location + moment + language, or makes one, so printing the same sticker twice yields the same
 * code (and answers from both copies count together); `GET …/links/:linkId/qr` draws any link of the
 * survey as SVG or PNG, with a caption for the printout.
 */

export interface QrRouteDeps {
  database: Database;
  now: () => Date;
  publicUrl: string;
  linkSecret: () => Promise<string>;
}

const errors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 403: { $ref: 'ErrorBody' }, 404: { $ref: 'ErrorBody' }, 409: { $ref: 'ErrorBody' } };
const Id = Type.String({ minLength: 1, maxLength: 64 });

const QrLinkBody = Type.Object(
  {
    locationId: Type.Optional(Id),
    locationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    journeyKey: Type.Optional(Key),
    momentKey: Type.Optional(Key),
    locale: Type.Optional(LocaleSchema),
    label: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const QrLinkView = Type.Object({
  linkId: Type.String(),
  surveyKey: Type.String(),
  label: Nullable(Type.String()),
  locationId: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  locale: Nullable(LocaleSchema),
  reused: Type.Boolean({ description: 'true: an existing active QR link with the same location, moment and language' }),
  url: Type.String({ description: 'What the code encodes: the public survey page' }),
  svgUrl: Type.String(),
  pngUrl: Type.String(),
});

const QrQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')], { default: 'svg' })),
    size: Type.Optional(Type.Integer({ minimum: 64, maximum: 4096, default: 512, description: 'Width in pixels' })),
    caption: Type.Optional(Type.Boolean({ default: true, description: 'Location and moment name under the code' })),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

async function resolveLocationId(db: Db, orgId: string, input: { locationId?: string | undefined; locationCode?: string | undefined }): Promise<string | null> {
  if (input.locationId !== undefined) {
    try {
      return (await getLocation(db, orgId, input.locationId)).locationId;
    } catch (error) {
      if (error instanceof NotFoundError) throw badRequest('locationId', `there is no location "${input.locationId}"`);
      throw error;
    }
  }
  if (input.locationCode !== undefined) {
    const found = (await findLocationIdsByCode(db, orgId, [input.locationCode])).get(input.locationCode);
    if (!found) throw badRequest('locationCode', `there is no location with the code "${input.locationCode}"`);
    return found;
  }
  return null;
}

const sameOrNull = <T>(column: Parameters<typeof eq>[0], value: T | null) => (value === null ? isNull(column) : eq(column, value));

export function registerQrRoutes(app: HttpServer, deps: QrRouteDeps): void {
  const db = deps.database.db;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const urlOf = async (row: SurveyLinkRow) => `${base}/s/${signSurveyLink(linkTokenOf(row), await deps.linkSecret())}`;

  /** The active QR link of the survey with exactly this context, if there is one. */
  async function findQrLink(survey: SurveyRow, context: { locationId: string | null; journeyKey: string | null; momentKey: string | null; locale: string | null }, now: Date) {
    const [row] = await db
      .select()
      .from(surveyLinks)
      .where(
        and(
          eq(surveyLinks.orgId, survey.orgId),
          eq(surveyLinks.surveyId, survey.surveyId),
          eq(surveyLinks.channel, 'qr'),
          isNull(surveyLinks.revokedAt),
          or(isNull(surveyLinks.expiresAt), gt(surveyLinks.expiresAt, now)),
          sameOrNull(surveyLinks.locationId, context.locationId),
          sameOrNull(surveyLinks.journeyKey, context.journeyKey),
          sameOrNull(surveyLinks.momentKey, context.momentKey),
          sameOrNull(surveyLinks.locale, context.locale),
        ),
      )
      .orderBy(asc(surveyLinks.linkId))
      .limit(1);
    return row;
  }

  app.post('/api/v1/surveys/:key/qr-links', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['survey links'],
      summary: 'The QR link of a location + moment (+ language): reuses the active one or makes it; answers with the URLs of its SVG and PNG',
      params: Type.Object({ key: Key }),
      body: QrLinkBody,
      response: { 200: QrLinkView, 201: QrLinkView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const now = deps.now();
    const survey = await getSurvey(db, actor.orgId, request.params.key);
    const input = request.body;
    let row: SurveyLinkRow | undefined;
    if (survey.publishedVersion !== null && !survey.archivedAt) {
      const { version } = await getSurveyVersion(db, actor.orgId, survey.key, survey.publishedVersion);
      // The same defaults as createSurveyLink: the survey's own moment unless another is named.
      const journeyKey = input.journeyKey ?? version.definition.about?.journeyKey ?? null;
      const momentKey = input.momentKey ?? (input.journeyKey ? null : (version.definition.about?.momentKey ?? null));
      const locationId = await resolveLocationId(db, actor.orgId, input);
      row = await findQrLink(survey, { locationId, journeyKey, momentKey, locale: input.locale ?? null }, now);
    }
    const reused = Boolean(row);
    row ??= await createSurveyLink(db, actor.orgId, survey.key, { ...input, channel: 'qr' }, { createdBy: userIdOf(actor), now });
    const qrPath = `/api/v1/surveys/${survey.key}/links/${row.linkId}/qr`;
    return reply.code(reused ? 200 : 201).send({
      linkId: row.linkId,
      surveyKey: survey.key,
      label: row.label,
      locationId: row.locationId,
      journeyKey: row.journeyKey,
      momentKey: row.momentKey,
      locale: isLocale(row.locale) ? row.locale : null,
      reused,
      url: await urlOf(row),
      svgUrl: `${qrPath}?format=svg`,
      pngUrl: `${qrPath}?format=png`,
    });
  });

  app.get('/api/v1/surveys/:key/links/:linkId/qr', {
    config: { access: { permission: 'surveys.read' } },
    schema: {
      tags: ['survey links'],
      summary: 'A link as a printable QR code (SVG or PNG) with the location and moment name under it',
      params: Type.Object({ key: Key, linkId: Id }),
      querystring: QrQuery,
      response: { ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const survey = await getSurvey(db, actor.orgId, request.params.key);
    const link = await findSurveyLink(db, actor.orgId, request.params.linkId);
    if (!link || link.surveyId !== survey.surveyId) throw new NotFoundError('Link');
    if (link.revokedAt) throw badRequest('linkId', 'this link is revoked; make a new one');
    const organization = await getOrganization(db, actor.orgId);
    const locale: Locale = request.query.locale ?? (isLocale(link.locale) ? link.locale : isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en');
    const caption: QrCaption = {};
    if (request.query.caption !== false) {
      if (link.locationId) caption.title = (await getLocation(db, actor.orgId, link.locationId)).name;
      if (link.journeyKey && link.momentKey) {
        const moment = await findPublishedMoment(db, actor.orgId, link.journeyKey, link.momentKey);
        if (moment) caption.subtitle = resolveText(moment.moment.name, locale, fallbackOf(survey));
      }
      caption.subtitle ??= resolveText(survey.name, locale, fallbackOf(survey));
    }
    const url = await urlOf(link);
    const size = request.query.size ?? 512;
    const fileName = `qr-${survey.key}-${link.linkId}`;
    reply.header('cache-control', 'private, max-age=300');
    if (request.query.format === 'png') {
      return reply.type('image/png').header('content-disposition', `inline; filename="${fileName}.png"`).send(qrPng(url, { size, caption }));
    }
    return reply.type('image/svg+xml; charset=utf-8').header('content-disposition', `inline; filename="${fileName}.svg"`).send(qrSvg(url, { size, caption }));
  });
}
