import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getLocation, getOrganization } from '../access/index.ts';
import { findEffectiveMoment, resolveText, type TranslatableText } from '../journeys/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { MAX_EVIDENCE_BYTES, type EvidenceStorage } from './evidence.ts';
import { verifyShopperLink, type ShopperClaims } from './links.ts';
import { auditMessages } from './messages.ts';
import { compactAnswers, localiseDefinition, validateAnswers, type AnswerProblem, type Answers, type ChecklistDefinition, type LocalisedSection } from './model.ts';
import { renderFormPage, renderMessagePage, AUDIT_SCRIPT, PAGE_CSP, SCRIPT_PATH, type MessagePageKind } from './page.ts';
import { submitRun, type CriticalItemsFailedListener } from './results.ts';
import { AnswersSchema, EvidenceView, Id, Key, PublicRunView, PublicSaveView, PublicSubmitView } from './schemas.ts';
import {
  addEvidence,
  definitionOfRun,
  fallbackOf,
  findRun,
  getChecklistById,
  getEvidence,
  listEvidence,
  photoCounts,
  readEvidence,
  removeEvidence,
  saveRunAnswers,
  type RunRow,
} from './store.ts';

/*
 * What a mystery shopper reaches without an account: the public audit API (JSON, photo upload) and
 * the audit page (HTML, `/a/<token>`). The signed, expiring link is the credential; it names one run,
 * and only the run's current link works. Public routes get the per-address rate limit of every
 * public route (http-server.ts); photo uploads a stricter one.
 */

export interface PublicAuditRouteDeps {
  database: Database;
  storage: EvidenceStorage;
  now: () => Date;
  linkSecret: () => Promise<string>;
  onCriticalItemsFailed?: readonly CriticalItemsFailedListener[] | undefined;
}

export interface OpenedRun {
  claims: ShopperClaims;
  run: RunRow;
  definition: ChecklistDefinition;
  fallback: Locale;
  organization: { name: string; defaultLocale: Locale };
  location: { name: string; timezone: string };
  checklist: { name: TranslatableText; description: TranslatableText | null };
}

type Opening = { ok: true; opened: OpenedRun } | { ok: false; kind: Extract<MessagePageKind, 'invalid' | 'expired' | 'closed'>; locale?: Locale };

const FORM_BODY_LIMIT = 512 * 1024;
const UPLOAD_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The shopper's language: their explicit choice (?lang=), the link's, the browser's, the organisation's. */
function chooseLocale(request: FastifyRequest, linkLocale: Locale | undefined, organizationLocale: Locale): Locale {
  const explicit = (request.query as { lang?: unknown } | undefined)?.lang;
  if (isLocale(explicit)) return explicit;
  if (linkLocale) return linkLocale;
  return pickLocale(headerOf(request, 'accept-language'), organizationLocale);
}

/** An answer problem in the shopper's language, still naming the field. */
function answerProblemError(problem: AnswerProblem, locale: Locale, sections: LocalisedSection[]): AppError {
  const item = sections.flatMap((section) => section.items).find((candidate) => candidate.key === problem.itemKey);
  const text = auditMessages[locale].problem[problem.code];
  return new AppError(400, 'invalid_field', item ? `${item.text}: ${text}` : text, problem.field);
}

export async function localisedSections(database: Database, opened: Pick<OpenedRun, 'run' | 'definition' | 'fallback'>, locale: Locale): Promise<LocalisedSection[]> {
  const names = new Map<string, TranslatableText | undefined>();
  for (const section of opened.definition.sections) {
    const found = await findEffectiveMoment(
      database.db,
      opened.run.orgId,
      opened.run.journeyKey,
      section.momentKey,
      opened.run.locationId,
      opened.run.journeyVersion ?? undefined,
    );
    names.set(section.momentKey, found?.moment.name);
  }
  return localiseDefinition(opened.definition, locale, opened.fallback, (key) => names.get(key));
}

export function registerPublicAuditRoutes(app: HttpServer, deps: PublicAuditRouteDeps): void {
  const { database } = deps;
  const db = database.db;

  async function openRun(token: string): Promise<Opening> {
    const verified = verifyShopperLink(token, await deps.linkSecret(), deps.now());
    if (verified.status === 'invalid') return { ok: false, kind: 'invalid' };
    const { claims } = verified;
    const locale = claims.locale ? { locale: claims.locale } : {};
    if (verified.status === 'expired') return { ok: false, kind: 'expired', ...locale };
    const run = await findRun(db, claims.orgId, claims.runId);
    if (!run || run.kind !== 'mystery_shopping') return { ok: false, kind: 'invalid', ...locale };
    if (run.status === 'cancelled') return { ok: false, kind: 'closed', ...locale };
    // Only the run's current link works: a newer one replaced this one.
    if (run.linkId !== claims.linkId) return { ok: false, kind: 'invalid', ...locale };
    const [{ definition, version }, organization, location, checklist] = await Promise.all([
      definitionOfRun(db, run),
      getOrganization(db, claims.orgId),
      getLocation(db, claims.orgId, run.locationId),
      getChecklistById(db, claims.orgId, run.checklistId),
    ]);
    return {
      ok: true,
      opened: {
        claims,
        run,
        definition,
        fallback: fallbackOf(version),
        organization: { name: organization.name, defaultLocale: isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en' },
        location: { name: location.name, timezone: location.timezone },
        checklist: { name: checklist.name, description: checklist.description },
      },
    };
  }

  const localeOf = (request: FastifyRequest, opened: OpenedRun) => chooseLocale(request, opened.claims.locale, opened.organization.defaultLocale);

  // ---------- the public audit API ----------
  const openedRuns = new WeakMap<FastifyRequest, OpenedRun>();
  /** The token is the credential: checked before the body, so a bad link learns nothing of the schema. */
  const openToken = async (request: FastifyRequest) => {
    const { token } = request.params as { token: string };
    const opening = await openRun(token);
    if (opening.ok) {
      openedRuns.set(request, opening.opened);
      return;
    }
    const messages = auditMessages[opening.locale ?? pickLocale(headerOf(request, 'accept-language'), 'en')];
    if (opening.kind === 'invalid') throw new AppError(401, 'invalid_link', `${messages.invalidTitle}. ${messages.invalidBody}`);
    if (opening.kind === 'expired') throw new AppError(410, 'link_expired', `${messages.expiredTitle}. ${messages.expiredBody}`);
    throw new AppError(410, 'audit_closed', `${messages.closedTitle}. ${messages.closedBody}`);
  };
  const openedOf = (request: FastifyRequest) => openedRuns.get(request)!;
  const alreadySubmitted = (locale: Locale) => new AppError(409, 'already_submitted', auditMessages[locale].alreadyBody);

  const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 2048 }) });
  const EvidenceParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 2048 }), evidenceId: Id });
  const publicErrors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 404: { $ref: 'ErrorBody' }, 409: { $ref: 'ErrorBody' }, 410: { $ref: 'ErrorBody' }, 429: { $ref: 'ErrorBody' } };
  const tags = ['public audit'];

  app.get('/api/v1/public/audits/:token', {
    config: { access: 'public' },
    preValidation: openToken,
    schema: {
      tags,
      security: [],
      summary: 'The audit behind a mystery-shopper link, in the shopper’s language (?lang=, the link’s, Accept-Language, the organisation’s), with the answers and photos saved so far',
      params: TokenParams,
      querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
      response: { 200: PublicRunView, ...publicErrors },
    },
  }, async (request) => {
    const opened = openedOf(request);
    const locale = localeOf(request, opened);
    const evidence = await listEvidence(db, opened.run.orgId, opened.run.runId);
    return {
      status: opened.run.status === 'submitted' ? ('submitted' as const) : ('open' as const),
      locale,
      organization: opened.organization.name,
      location: opened.location.name,
      checklist: {
        name: resolveText(opened.checklist.name, locale, opened.fallback),
        description: opened.checklist.description ? resolveText(opened.checklist.description, locale, opened.fallback) : null,
      },
      dueAt: opened.run.dueAt,
      expiresAt: opened.claims.expiresAt,
      sections: await localisedSections(database, opened, locale),
      answers: opened.run.answers,
      evidence,
    };
  });

  app.put('/api/v1/public/audits/:token/answers', {
    config: { access: 'public' },
    preValidation: openToken,
    schema: {
      tags,
      security: [],
      summary: 'Save the answers so far (replacing the saved ones); values are checked, completeness is not yet',
      params: TokenParams,
      body: Type.Object({ answers: AnswersSchema }, { additionalProperties: false }),
      response: { 200: PublicSaveView, ...publicErrors },
    },
  }, async (request) => {
    const opened = openedOf(request);
    const locale = localeOf(request, opened);
    if (opened.run.status === 'submitted') throw alreadySubmitted(locale);
    const answers = compactAnswers(request.body.answers as Answers);
    const [problem] = validateAnswers(opened.definition, answers, 'partial');
    if (problem) throw answerProblemError(problem, locale, await localisedSections(database, opened, locale));
    const now = deps.now();
    const run = await saveRunAnswers(db, opened.run.orgId, opened.run.runId, answers, now);
    return { savedAt: run.answersSavedAt ?? now, answers: run.answers };
  });

  app.post('/api/v1/public/audits/:token/submit', {
    config: { access: 'public' },
    preValidation: async (request) => {
      request.body ??= {};
      await openToken(request);
    },
    schema: {
      tags,
      security: [],
      summary:
        'Submit: the answers given here over the saved ones, checked in full (every point answered, the evidence of every failed point). ' +
        'The score is not shown to the shopper.',
      params: TokenParams,
      body: Type.Object({ answers: Type.Optional(AnswersSchema) }, { additionalProperties: false }),
      response: { 201: PublicSubmitView, ...publicErrors },
    },
  }, async (request, reply) => {
    const opened = openedOf(request);
    const locale = localeOf(request, opened);
    if (opened.run.status === 'submitted') throw alreadySubmitted(locale);
    const answers = compactAnswers({ ...opened.run.answers, ...((request.body.answers ?? {}) as Answers) });
    const photos = await photoCounts(db, opened.run.orgId, opened.run.runId);
    const [problem] = validateAnswers(opened.definition, answers, 'final', (itemKey) => photos.get(itemKey) ?? 0);
    if (problem) throw answerProblemError(problem, locale, await localisedSections(database, opened, locale));
    const outcome = await submitRun(db, opened.run.orgId, opened.run.runId, { answers, submittedBy: null, now: deps.now(), onCriticalItemsFailed: deps.onCriticalItemsFailed });
    return reply.code(201).send({ submittedAt: outcome.run.submittedAt!, message: auditMessages[locale].thankYouBody });
  });

  app.get('/api/v1/public/audits/:token/evidence/:evidenceId', {
    config: { access: 'public' },
    preValidation: openToken,
    schema: {
      tags,
      security: [],
      summary: 'One photo of this audit',
      params: EvidenceParams,
      response: { 200: { description: 'The photo', content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } }, ...publicErrors },
    },
  }, async (request, reply) => {
    const opened = openedOf(request);
    const row = await getEvidence(db, opened.run.orgId, opened.run.runId, request.params.evidenceId);
    return sendPhoto(reply, row.contentType, await readEvidence(deps.storage, row));
  });

  app.delete('/api/v1/public/audits/:token/evidence/:evidenceId', {
    config: { access: 'public' },
    preValidation: openToken,
    schema: { tags, security: [], summary: 'Remove a photo before the audit is submitted', params: EvidenceParams, response: { 204: Type.Null(), ...publicErrors } },
  }, async (request, reply) => {
    const opened = openedOf(request);
    await removeEvidence(db, deps.storage, opened.run.orgId, opened.run.runId, request.params.evidenceId);
    return reply.code(204).send(null);
  });

  // Multipart is read only by the photo uploads, so the parser lives in this scope alone.
  void app.register(async (plain) => {
    const scope = plain as unknown as HttpServer;
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 2, parts: 3 }, throwFileSizeLimit: true });
    scope.post('/api/v1/public/audits/:token/evidence', {
      config: { access: 'public', rateLimit: UPLOAD_RATE_LIMIT },
      preValidation: openToken,
      schema: {
        tags,
        security: [],
        summary: 'Upload a photo for one point (multipart/form-data, field `file`): at most 10 MB, a real image (checked by its bytes)',
        consumes: ['multipart/form-data'],
        params: TokenParams,
        querystring: Type.Object({ itemKey: Key }, { additionalProperties: false }),
        response: { 201: EvidenceView, 413: { $ref: 'ErrorBody' }, 415: { $ref: 'ErrorBody' }, ...publicErrors },
      },
    }, async (request, reply) => {
      const opened = openedOf(request);
      const bytes = await readUpload(request);
      const row = await addEvidence(db, deps.storage, opened.run.orgId, opened.run.runId, {
        itemKey: request.query.itemKey,
        bytes,
        uploadedBy: null,
        via: 'shopper_link',
        now: deps.now(),
      });
      return reply.code(201).send(row);
    });
  });

  // ---------- the audit page ----------
  const sendPage = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  const statusOf: Record<'invalid' | 'expired' | 'closed', number> = { invalid: 404, expired: 410, closed: 410 };
  const PageQuery = Type.Object({
    lang: Type.Optional(Type.String({ maxLength: 10 })),
    saved: Type.Optional(Type.String({ maxLength: 1 })),
    done: Type.Optional(Type.String({ maxLength: 1 })),
  });

  async function formPage(request: FastifyRequest, opened: OpenedRun, answers: Answers, problems: AnswerProblem[], notice?: 'saved'): Promise<string> {
    const locale = localeOf(request, opened);
    const explicit = isLocale((request.query as { lang?: unknown }).lang) ? locale : undefined;
    const { token } = request.params as { token: string };
    const pagePath = `/a/${token}`;
    const evidence = await listEvidence(db, opened.run.orgId, opened.run.runId);
    const dueDate = opened.run.dueAt
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: opened.location.timezone }).format(new Date(opened.run.dueAt.getTime() - 1))
      : null;
    return renderFormPage({
      locale,
      token,
      pagePath,
      action: explicit ? `${pagePath}?lang=${encodeURIComponent(explicit)}` : pagePath,
      organization: opened.organization.name,
      location: opened.location.name,
      checklistName: resolveText(opened.checklist.name, locale, opened.fallback),
      checklistDescription: opened.checklist.description ? resolveText(opened.checklist.description, locale, opened.fallback) : null,
      dueDate,
      sections: await localisedSections(database, opened, locale),
      answers,
      photos: evidence,
      problems,
      savedAt: opened.run.answersSavedAt,
      runId: opened.run.runId,
      ...(notice ? { notice } : {}),
    });
  }

  app.get(SCRIPT_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(AUDIT_SCRIPT),
  );

  app.get('/a/:token', {
    config: { access: 'public' },
    schema: { hide: true, params: TokenParams, querystring: PageQuery },
  }, async (request, reply) => {
    const opening = await openRun(request.params.token);
    if (!opening.ok) {
      return sendPage(reply, statusOf[opening.kind], renderMessagePage({ locale: chooseLocale(request, opening.locale, 'en'), kind: opening.kind }));
    }
    const opened = opening.opened;
    if (opened.run.status === 'submitted') {
      return sendPage(reply, 200, renderMessagePage({ locale: localeOf(request, opened), kind: request.query.done ? 'thank_you' : 'already' }));
    }
    return sendPage(reply, 200, await formPage(request, opened, opened.run.answers, [], request.query.saved ? 'saved' : undefined));
  });

  // Without JavaScript the form posts application/x-www-form-urlencoded, which only this route reads.
  void app.register(async (plain) => {
    const scope = plain as unknown as HttpServer;
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, [...new URLSearchParams(body as string).entries()]);
    });
    scope.post('/a/:token', {
      config: { access: 'public' },
      bodyLimit: FORM_BODY_LIMIT,
      schema: { hide: true, params: TokenParams, querystring: PageQuery },
    }, async (request, reply) => {
      const opening = await openRun(request.params.token);
      if (!opening.ok) {
        return sendPage(reply, statusOf[opening.kind], renderMessagePage({ locale: chooseLocale(request, opening.locale, 'en'), kind: opening.kind }));
      }
      const opened = opening.opened;
      const locale = localeOf(request, opened);
      const explicit = isLocale(request.query.lang) ? `lang=${encodeURIComponent(locale)}&` : '';
      if (opened.run.status === 'submitted') return sendPage(reply, 409, renderMessagePage({ locale, kind: 'already' }));
      // Only the form parser yields [name, value] pairs; a JSON array sent here is anything, so keep only real pairs.
      const pairs = Array.isArray(request.body) ? (request.body as unknown[]).filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') : [];
      const answers = compactAnswers(answersFromForm(opened.definition, pairs));
      const action = pairs.find(([name]) => name === '_action')?.[1] === 'save' ? 'save' : 'submit';
      const partial = validateAnswers(opened.definition, answers, 'partial');
      if (partial.length > 0) return sendPage(reply, 400, await formPage(request, opened, answers, partial));
      const now = deps.now();
      await saveRunAnswers(db, opened.run.orgId, opened.run.runId, answers, now);
      if (action === 'save') return reply.redirect(`/a/${request.params.token}?${explicit}saved=1`, 303);
      const photos = await photoCounts(db, opened.run.orgId, opened.run.runId);
      const problems = validateAnswers(opened.definition, answers, 'final', (itemKey) => photos.get(itemKey) ?? 0);
      if (problems.length > 0) return sendPage(reply, 400, await formPage(request, opened, answers, problems));
      await submitRun(db, opened.run.orgId, opened.run.runId, { answers, submittedBy: null, now, onCriticalItemsFailed: deps.onCriticalItemsFailed });
      return reply.redirect(`/a/${request.params.token}?${explicit}done=1`, 303);
    });
  });
}

/** Answers from the plain form: `v.<item>` = yes / no / na / a score, `n.<item>` = the note. */
export function answersFromForm(definition: ChecklistDefinition, pairs: [string, string][]): Answers {
  const answers: Answers = {};
  const known = new Set(definition.sections.flatMap((section) => section.items.map((item) => item.key)));
  for (const [name, raw] of pairs) {
    const match = /^([vn])\.(.+)$/.exec(name);
    if (!match || !known.has(match[2]!)) continue;
    const key = match[2]!;
    const answer = (answers[key] ??= {});
    if (match[1] === 'n') answer.note = raw.slice(0, 2000);
    else if (raw === 'yes' || raw === 'no' || raw === 'na') answer.value = raw;
    else if (/^\d{1,2}$/.test(raw)) answer.value = Number(raw);
  }
  return answers;
}

/** The photo bytes of a multipart upload, with the size and type errors a client can act on. */
export async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'send the photo as multipart/form-data in the field "file"', 'file');
  const part = await request.file();
  if (!part) throw new AppError(400, 'invalid_field', 'the request holds no file; send the photo in the field "file"', 'file');
  try {
    const bytes = await part.toBuffer();
    // @fastify/multipart misses the limit when the cut falls on a chunk boundary (a streamed upload
    // without Content-Length): the file is then silently truncated, so check busboy's flag as well.
    if (part.file.truncated) throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
    return bytes;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'file_too_large', `the photo is larger than ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`, 'file');
    }
    throw error;
  }
}

export function sendPhoto(reply: FastifyReply, contentType: string, bytes: Buffer) {
  return reply
    .type(contentType)
    .header('cache-control', 'private, max-age=86400')
    .header('content-disposition', 'inline')
    .header('content-security-policy', "default-src 'none'")
    .send(bytes);
}
