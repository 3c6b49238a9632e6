import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf, getLocation, getOrganization, listLocationAncestry, type Actor } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { conflict } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { pickLocale, type Locale } from '../platform/locales.ts';
import { effectiveBlueprint, localiseBlueprint, resolveText } from './model.ts';
import { POSTER_MEDIA_TYPES, renderPoster, type PosterFormat } from './poster.ts';
import { POSTER_TEXTS } from './poster-texts.ts';
import { Key, LocaleSchema } from './schemas.ts';
import { computeEffectiveBlueprint, fallbackOf, getJourney, getVersion } from './store.ts';

export interface PosterRouteDeps {
  database: Database;
  now: () => Date;
  /** 404 unless the caller's location scope includes the location (the same rule as the override routes). */
  assertLocationVisible: (actor: Actor, locationId: string) => Promise<void>;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

const Binary = { type: 'string', format: 'binary' } as const;

function requestedLocale(request: FastifyRequest, explicit: Locale | undefined): Locale {
  if (explicit) return explicit;
  const header = request.headers['accept-language'];
  return pickLocale(Array.isArray(header) ? header[0] : header, 'en');
}

/** A file name that survives every browser and mail client: the slug characters only. */
function safeName(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'location';
}

/**
 * GET /api/v1/journeys/:key/poster — the blueprint poster (issue 3, item 6): the effective blueprint
 * of a location (or the central one without `location`) on one A3 landscape page, as PDF or PNG.
 */
export function registerPosterRoute(app: HttpServer, deps: PosterRouteDeps): void {
  const db = deps.database.db;
  app.get('/api/v1/journeys/:key/poster', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary:
        'The blueprint poster to print and hang in the back office: the effective blueprint of a location (the central blueprint without ?location=) on one A3 landscape page, as a PDF or a PNG, in one language (?locale=, else Accept-Language)',
      params: Type.Object({ key: Key }),
      querystring: Type.Object(
        {
          location: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The location whose effective blueprint is printed' })),
          locale: Type.Optional(LocaleSchema),
          format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('png')], { default: 'pdf' })),
          version: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999_999, description: 'A published version; the latest when absent' })),
        },
        { additionalProperties: false },
      ),
      response: {
        200: {
          description: 'The poster',
          content: { 'application/pdf': { schema: Binary }, 'image/png': { schema: Binary } },
        },
        ...errors,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { key } = request.params;
    const { location, version } = request.query;
    const format: PosterFormat = request.query.format ?? 'pdf';
    const locale = requestedLocale(request, request.query.locale);
    const texts = POSTER_TEXTS[locale];

    let place: string;
    let result: { blueprint: ReturnType<typeof effectiveBlueprint>['blueprint']; version: number; fallbackLocale: Locale };
    const journey = await getJourney(db, actor.orgId, key);
    let fileSuffix = 'central';
    if (location !== undefined) {
      await deps.assertLocationVisible(actor, location);
      const effective = await computeEffectiveBlueprint(db, actor.orgId, key, location, version);
      result = effective;
      const chain = await listLocationAncestry(db, actor.orgId, location);
      const names = await Promise.all(chain.map(async (id) => getLocation(db, actor.orgId, id)));
      place = names.map((row) => row.name).join(' › ');
      const own = names[names.length - 1];
      fileSuffix = safeName(own?.code ?? own?.name ?? location);
    } else {
      const number = version ?? journey.publishedVersion;
      if (number === null) throw conflict(`journey "${key}" has no published version yet; publish it before printing its poster`);
      const { version: row } = await getVersion(db, actor.orgId, key, number);
      result = { blueprint: effectiveBlueprint(row.document, []).blueprint, version: number, fallbackLocale: fallbackOf(row) };
      place = texts.centralBlueprint;
    }

    const localised = localiseBlueprint(result.blueprint, locale, result.fallbackLocale);
    const organization = await getOrganization(db, actor.orgId);
    const { body } = await renderPoster(
      {
        locale,
        organisation: organization.name,
        title: resolveText(journey.name, locale, fallbackOf(journey)),
        place,
        version: result.version,
        printedAt: deps.now(),
        stages: localised.stages.map((stage) => ({ key: stage.key, kind: stage.kind, name: stage.displayName })),
        moments: localised.moments,
      },
      format,
    );
    const fileName = `${journey.key}-${fileSuffix}-v${result.version}-${locale}.${format}`;
    return reply
      .header('content-type', POSTER_MEDIA_TYPES[format])
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  });
}
