import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf, getOrganization, listLocationSubtreeIds, userIdOf, type Actor } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, Timestamp } from '../platform/schema-types.ts';
import {
  createKioskDevice,
  deviceSurvey,
  findDeviceByToken,
  getKioskDevice,
  listKioskDevices,
  MAX_KIOSK_BATCH,
  revokeKioskDevice,
  touchDevice,
  updateKioskDevice,
  uploadKioskAnswers,
  type KioskDeviceRow,
} from './kiosk.ts';
import { KIOSK_CSP, KIOSK_SCRIPT, KIOSK_SCRIPT_PATH, renderKioskInactivePage, renderKioskPage } from './kiosk-page.ts';
import { surveyMessages } from './messages.ts';
import { localiseSurvey } from './model.ts';
import type { ResponsesRecordedListener } from './responses.ts';
import { Key, LocaleSchema } from './schemas.ts';
import { fallbackOf, findSurveyById } from './store.ts';

/*
 * Kiosk devices: the admin API (register, list, change, new token, revoke) and what the device
 * itself reaches with its token — the kiosk page and the upload of its queued answers.
 */

export interface KioskRouteDeps {
  database: Database;
  now: () => Date;
  publicUrl: string;
  onResponsesRecorded: readonly ResponsesRecordedListener[];
}

const errors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 403: { $ref: 'ErrorBody' }, 404: { $ref: 'ErrorBody' }, 429: { $ref: 'ErrorBody' } };
const Id = Type.String({ minLength: 1, maxLength: 64 });
const ResetSeconds = Type.Integer({ minimum: 5, maximum: 600, description: 'Idle seconds before the kiosk returns to the start (default 20)' });
const StaffId = Type.String({ minLength: 1, maxLength: 200 });
/** Uploads per device address and minute: a device uploads its queue in batches of 50, a few times a minute at most. */
const UPLOAD_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

const DeviceView = Type.Object({
  deviceId: Type.String(),
  name: Type.String(),
  surveyKey: Nullable(Type.String()),
  locationId: Type.String(),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  staffId: Nullable(Type.String()),
  locale: Nullable(LocaleSchema),
  resetSeconds: Type.Integer(),
  lastSeenAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
const DeviceWithToken = Type.Intersect([
  DeviceView,
  Type.Object({
    token: Type.String({ description: 'The device token: shown only now' }),
    kioskUrl: Type.String({ description: 'Open this on the device' }),
  }),
]);

const UploadBody = Type.Object(
  {
    responses: Type.Array(
      Type.Object(
        {
          clientId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$', description: 'Made on the device; the same id uploaded again is stored once' }),
          answeredAt: Type.String({ format: 'date-time' }),
          version: Type.Optional(Type.Integer({ minimum: 1 })),
          locale: Type.Optional(LocaleSchema),
          answers: Type.Record(Type.String(), Type.Unknown()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_KIOSK_BATCH },
    ),
  },
  { additionalProperties: false },
);
const UploadView = Type.Object({
  received: Type.Integer(),
  created: Type.Integer(),
  existing: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      clientId: Type.String(),
      status: Type.Union([Type.Literal('created'), Type.Literal('existing'), Type.Literal('failed')]),
      responseId: Nullable(Type.String()),
      error: Type.Optional(Type.Object({ field: Type.String(), message: Type.String() })),
    }),
  ),
});

async function visibleLocationIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind !== 'user' || !actor.locationScope) return undefined;
  return listLocationSubtreeIds(database.db, actor.orgId, actor.locationScope);
}

export function registerKioskRoutes(app: HttpServer, deps: KioskRouteDeps): void {
  const db = deps.database.db;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const surveyKeys = new Map<string, string>();
  const surveyKeyOf = async (row: KioskDeviceRow) => {
    const cacheKey = `${row.orgId}\u0000${row.surveyId}`;
    if (!surveyKeys.has(cacheKey)) {
      const survey = await findSurveyById(db, row.orgId, row.surveyId);
      if (!survey) return null;
      surveyKeys.set(cacheKey, survey.key);
    }
    return surveyKeys.get(cacheKey)!;
  };
  const deviceView = async (row: KioskDeviceRow) => ({
    deviceId: row.deviceId,
    name: row.name,
    surveyKey: await surveyKeyOf(row),
    locationId: row.locationId,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    staffId: row.staffId,
    locale: isLocale(row.locale) ? row.locale : null,
    resetSeconds: row.resetSeconds,
    lastSeenAt: row.lastSeenAt,
    revokedAt: row.revokedAt,
    createdAt: row.createdAt,
  });
  const withToken = async (row: KioskDeviceRow, token: string) => ({ ...(await deviceView(row)), token, kioskUrl: `${base}/k/${token}` });
  const DeviceParams = Type.Object({ deviceId: Id });

  /** A location-bound member manages the devices of their subtree only. */
  async function deviceInScope(request: FastifyRequest, deviceId: string): Promise<KioskDeviceRow> {
    const actor = actorOf(request);
    const device = await getKioskDevice(db, actor.orgId, deviceId);
    const scope = await visibleLocationIds(deps.database, actor);
    if (scope && !scope.includes(device.locationId)) throw new AppError(404, 'not_found', 'Kiosk device not found');
    return device;
  }

  app.get('/api/v1/kiosk-devices', {
    config: { access: { permission: 'surveys.read' } },
    schema: {
      tags: ['kiosk'],
      summary: 'Kiosk devices, newest first (revoked ones with includeRevoked=true)',
      querystring: Type.Object({ ...PageQuery.properties, includeRevoked: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: pageOf(DeviceView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const page = await listKioskDevices(db, actor.orgId, {
      limit: request.query.limit ?? 50,
      cursor: request.query.cursor,
      locationIds: await visibleLocationIds(deps.database, actor),
      includeRevoked: request.query.includeRevoked,
    });
    return { items: await Promise.all(page.items.map(deviceView)), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/kiosk-devices', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['kiosk'],
      summary: 'Register a kiosk device at a location; the answer holds its token and kiosk URL (shown only now)',
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          surveyKey: Key,
          locationId: Type.Optional(Id),
          locationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          journeyKey: Type.Optional(Key),
          momentKey: Type.Optional(Key),
          staffId: Type.Optional(StaffId),
          locale: Type.Optional(LocaleSchema),
          resetSeconds: Type.Optional(ResetSeconds),
        },
        { additionalProperties: false },
      ),
      response: { 201: DeviceWithToken, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { device, token } = await createKioskDevice(db, actor.orgId, request.body, { createdBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send(await withToken(device, token));
  });

  app.get('/api/v1/kiosk-devices/:deviceId', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['kiosk'], summary: 'One kiosk device', params: DeviceParams, response: { 200: DeviceView, ...errors } },
  }, async (request) => deviceView(await deviceInScope(request, request.params.deviceId)));

  app.patch('/api/v1/kiosk-devices/:deviceId', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['kiosk'],
      summary: 'Rename a device, change its staff member, language, moment or idle time',
      params: DeviceParams,
      body: Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          journeyKey: Type.Optional(Nullable(Key)),
          momentKey: Type.Optional(Nullable(Key)),
          staffId: Type.Optional(Nullable(StaffId)),
          locale: Type.Optional(Nullable(LocaleSchema)),
          resetSeconds: Type.Optional(ResetSeconds),
        },
        { additionalProperties: false },
      ),
      response: { 200: DeviceView, ...errors },
    },
  }, async (request) => {
    const device = await deviceInScope(request, request.params.deviceId);
    return deviceView((await updateKioskDevice(db, device.orgId, device.deviceId, request.body)).device);
  });

  app.post('/api/v1/kiosk-devices/:deviceId/token', {
    config: { access: { permission: 'surveys.write' } },
    schema: { tags: ['kiosk'], summary: 'A new token for the device (the old one stops working at once)', params: DeviceParams, response: { 200: DeviceWithToken, ...errors } },
  }, async (request) => {
    const current = await deviceInScope(request, request.params.deviceId);
    const { device, token } = await updateKioskDevice(db, current.orgId, current.deviceId, { rotateToken: true });
    return withToken(device, token!);
  });

  app.delete('/api/v1/kiosk-devices/:deviceId', {
    config: { access: { permission: 'surveys.write' } },
    schema: { tags: ['kiosk'], summary: 'Revoke a device: its page and uploads stop working; its responses stay', params: DeviceParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    const device = await deviceInScope(request, request.params.deviceId);
    await revokeKioskDevice(db, device.orgId, device.deviceId, deps.now());
    return reply.code(204).send(null);
  });

  // ---------- what the device reaches ----------
  const TokenParams = Type.Object({ deviceToken: Type.String({ minLength: 1, maxLength: 100 }) });

  async function localeOf(device: KioskDeviceRow, request: FastifyRequest): Promise<{ locale: Locale; organization: string }> {
    const organization = await getOrganization(db, device.orgId);
    const fallback: Locale = isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
    if (isLocale(device.locale)) return { locale: device.locale, organization: organization.name };
    const header = request.headers['accept-language'];
    return { locale: pickLocale(Array.isArray(header) ? header[0] : header, fallback), organization: organization.name };
  }

  app.get(KIOSK_SCRIPT_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(KIOSK_SCRIPT),
  );

  app.get('/k/:deviceToken', {
    config: { access: 'public' },
    schema: { hide: true, params: TokenParams },
  }, async (request, reply) => {
    reply.header('content-security-policy', KIOSK_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8');
    const device = await findDeviceByToken(db, request.params.deviceToken);
    const shown = device ? await deviceSurvey(db, device) : undefined;
    if (!device || !shown) {
      const header = request.headers['accept-language'];
      return reply.code(404).send(renderKioskInactivePage(pickLocale(Array.isArray(header) ? header[0] : header, 'en')));
    }
    await touchDevice(db, device, deps.now());
    const { locale, organization } = await localeOf(device, request);
    const survey = localiseSurvey(shown.version.definition, locale, fallbackOf(shown.version), surveyMessages[locale].defaults);
    return reply.send(
      renderKioskPage({ locale, token: request.params.deviceToken, organization, deviceName: device.name, version: shown.version.version, resetSeconds: device.resetSeconds, survey }),
    );
  });

  const devices = new WeakMap<FastifyRequest, KioskDeviceRow>();
  app.post('/api/v1/public/kiosk/:deviceToken/responses', {
    config: { access: 'public', rateLimit: UPLOAD_RATE_LIMIT },
    // The token is the credential: checked before the body, so a bad token learns nothing of the schema.
    preValidation: async (request) => {
      const device = await findDeviceByToken(db, (request.params as { deviceToken: string }).deviceToken);
      if (!device) throw new AppError(401, 'invalid_device', 'This kiosk device is not registered or was revoked');
      devices.set(request, device);
    },
    bodyLimit: 4 * 1024 * 1024,
    schema: {
      tags: ['kiosk'],
      security: [],
      summary:
        'Upload a kiosk’s queued answers (up to 200), authenticated by the device token. Idempotent by clientId: an answer uploaded again is reported `existing`, never stored twice. ' +
        'Stored with channel kiosk and the device’s location, moment and staff member; external id kiosk:<deviceId>:<clientId>',
      params: TokenParams,
      body: UploadBody,
      response: { 200: UploadView, ...errors },
    },
  }, async (request) => {
    const device = devices.get(request)!;
    const now = deps.now();
    const results = await uploadKioskAnswers(db, device, request.body.responses, now, deps.onResponsesRecorded);
    await touchDevice(db, device, now);
    const count = (status: string) => results.filter((result) => result.status === status).length;
    return { received: results.length, created: count('created'), existing: count('existing'), failed: count('failed'), results };
  });
}
