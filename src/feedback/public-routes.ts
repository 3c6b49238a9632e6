import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getOrganization } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { newId } from '../platform/ids.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { signSurveyLink, verifySurveyLink, type SurveyToken } from './links.ts';
import { describeAnswerProblem, surveyMessages } from './messages.ts';
import {
  answersFromForm,
  compactAnswers,
  localiseSurvey,
  pruneHiddenAnswers,
  translatedLocales,
  validateAnswers,
  visibleQuestionIds,
  type AnswerProblem,
  type Answers,
} from './model.ts';
import { languageLinks, PAGE_CSP, renderMessagePage, renderSurveyForm, SURVEY_SCRIPT, SCRIPT_PATH, type MessagePageKind } from './page.ts';
import { submitInvitation, type ResponsesRecordedListener } from './responses.ts';
import { markInvitationOpened } from './deliveries.ts';
import { PublicAnswersBody, PublicSaveView, PublicSubmitBody, PublicSubmitView, PublicSurveyView } from './schemas.ts';
import {
  fallbackOf,
  findInvitation,
  findSurveyById,
  findSurveyLink,
  findVersionRow,
  respondentFromLink,
  respondentOf,
  saveInvitationAnswers,
  type InvitationRow,
  type Respondent,
  type SurveyRow,
  type SurveyVersionRow,
} from './store.ts';

/*
 * What respondents reach without an account: the public survey API (JSON) and the survey page
 * (HTML, `/s/<token>`). The token is the credential. A public link (a QR code) is turned into the
 * respondent's own invitation token on opening; from then on everything — saving, resuming,
 * submitting — goes through that one token, whose invitation id makes a second submission impossible.
 */

export interface PublicRouteDeps {
  database: Database;
  now: () => Date;
  linkSecret: () => Promise<string>;
  onResponsesRecorded: readonly ResponsesRecordedListener[];
}

/** How long a respondent's own link, started from a public link, stays valid. */
const STARTED_LINK_DAYS = 7;
const FORM_BODY_LIMIT = 256 * 1024;

interface OpenedSurvey {
  respondent: Respondent;
  /** The respondent's own token (the one given, or the one started from a public link). */
  token: string;
  survey: SurveyRow;
  version: SurveyVersionRow;
  organization: { name: string; defaultLocale: Locale };
  answers: Answers;
  status: 'open' | 'submitted';
}

type Opening = { ok: true; opened: OpenedSurvey } | { ok: false; kind: Extract<MessagePageKind, 'invalid' | 'expired' | 'closed'>; locale?: Locale };

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The respondent's language: their explicit choice (?lang=), the link's, the browser's, the organisation's. */
function chooseLocale(request: FastifyRequest, linkLocale: Locale | undefined, organizationLocale: Locale): Locale {
  const explicit = (request.query as { lang?: unknown } | undefined)?.lang;
  if (isLocale(explicit)) return explicit;
  if (linkLocale) return linkLocale;
  return pickLocale(headerOf(request, 'accept-language'), organizationLocale);
}

export function registerPublicSurveyRoutes(app: HttpServer, deps: PublicRouteDeps): void {
  const db = deps.database.db;

  async function openSurvey(text: string): Promise<Opening> {
    const now = deps.now();
    const verified = verifySurveyLink(text, await deps.linkSecret(), now);
    if (verified.status === 'invalid') return { ok: false, kind: 'invalid' };
    const { token } = verified;
    const hint = token.locale ? { locale: token.locale } : {};
    if (verified.status === 'expired') return { ok: false, kind: 'expired', ...hint };
    const invalid: Opening = { ok: false, kind: 'invalid', ...hint };
    const closed: Opening = { ok: false, kind: 'closed', ...hint };

    let respondent: Respondent;
    let row: InvitationRow | undefined;
    let own = text;
    if (token.kind === 'invitation') {
      row = await findInvitation(db, token.orgId, token.invitationId);
      if (!row || row.surveyId !== token.surveyId || row.surveyVersion !== token.version) return invalid;
      respondent = respondentOf(row);
      // A triggered invitation's log shows "opened" from the first time its link is used.
      await markInvitationOpened(db, token.orgId, token.invitationId, now);
    } else {
      const link = await findSurveyLink(db, token.orgId, token.linkId);
      if (!link || (token.kind === 'link' && link.surveyId !== token.surveyId)) return invalid;
      if (token.kind === 'link') {
        // Opening a public link starts the respondent's own link; nothing is written until they save.
        const survey = await findSurveyById(db, token.orgId, link.surveyId);
        if (link.revokedAt || !survey || survey.publishedVersion === null) return closed;
        const until = now.getTime() + STARTED_LINK_DAYS * 24 * 60 * 60 * 1000;
        const started: SurveyToken = {
          kind: 'started',
          orgId: token.orgId,
          linkId: link.linkId,
          invitationId: newId(now.getTime()),
          version: survey.publishedVersion,
          ...hint,
          expiresAt: new Date(Math.min(until, token.expiresAt?.getTime() ?? until)),
        };
        respondent = respondentFromLink(link, started);
        own = signSurveyLink(started, await deps.linkSecret());
      } else {
        row = await findInvitation(db, token.orgId, token.invitationId);
        if (row && row.linkId !== link.linkId) return invalid;
        respondent = row ? respondentOf(row) : respondentFromLink(link, token);
      }
    }
    const survey = await findSurveyById(db, respondent.orgId, respondent.surveyId);
    if (!survey || survey.archivedAt) return closed;
    const version = await findVersionRow(db, respondent.orgId, respondent.surveyId, respondent.version);
    if (!version) return invalid;
    let organization;
    try {
      organization = await getOrganization(db, respondent.orgId);
    } catch (error) {
      if (error instanceof NotFoundError) return invalid;
      throw error;
    }
    return {
      ok: true,
      opened: {
        respondent,
        token: own,
        survey,
        version,
        organization: { name: organization.name, defaultLocale: isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en' },
        answers: row?.answers ?? {},
        status: row?.submittedAt ? 'submitted' : 'open',
      },
    };
  }

  function localised(opened: OpenedSurvey, locale: Locale) {
    return localiseSurvey(opened.version.definition, locale, fallbackOf(opened.version), surveyMessages[locale].defaults);
  }

  function answerError(problem: AnswerProblem, locale: Locale): AppError {
    return new AppError(400, 'invalid_field', describeAnswerProblem(problem, locale), problem.field);
  }

  function alreadySubmitted(locale: Locale): AppError {
    return new AppError(409, 'already_submitted', surveyMessages[locale].alreadyAnsweredBody);
  }

  // ---------- the public survey API ----------
  const opened = new WeakMap<FastifyRequest, OpenedSurvey>();
  /** The token is the credential: checked before the body, so a bad link learns nothing of the schema. */
  const openToken = async (request: FastifyRequest) => {
    const { token } = request.params as { token: string };
    const opening = await openSurvey(token);
    if (opening.ok) {
      opened.set(request, opening.opened);
      return;
    }
    const locale = opening.locale ?? pickLocale(headerOf(request, 'accept-language'), 'en');
    const messages = surveyMessages[locale];
    if (opening.kind === 'invalid') throw new AppError(401, 'invalid_link', `${messages.invalidTitle}. ${messages.invalidBody}`);
    if (opening.kind === 'expired') throw new AppError(410, 'link_expired', `${messages.expiredTitle}. ${messages.expiredBody}`);
    throw new AppError(410, 'survey_closed', `${messages.closedTitle}. ${messages.closedBody}`);
  };
  const openedOf = (request: FastifyRequest) => opened.get(request)!;
  const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) });
  const publicErrors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 409: { $ref: 'ErrorBody' }, 410: { $ref: 'ErrorBody' }, 429: { $ref: 'ErrorBody' } };

  app.get('/api/v1/public/surveys/:token', {
    config: { access: 'public' },
    preValidation: openToken,
    schema: {
      tags: ['public survey'],
      security: [],
      summary:
        'The survey behind a link, in the respondent’s language (the link’s, else Accept-Language, else the organisation’s), with the answers saved so far. ' +
        'Save and submit with the returned token (a public link starts the respondent’s own).',
      params: TokenParams,
      response: { 200: PublicSurveyView, ...publicErrors },
    },
  }, async (request) => {
    const survey = openedOf(request);
    const locale = chooseLocale(request, survey.respondent.locale, survey.organization.defaultLocale);
    return {
      token: survey.token,
      status: survey.status,
      locale,
      languages: translatedLocales(survey.version.definition),
      organization: survey.organization.name,
      expiresAt: survey.respondent.expiresAt,
      survey: { key: survey.survey.key, version: survey.version.version, ...localised(survey, locale) },
      answers: survey.answers,
    };
  });

  app.put('/api/v1/public/surveys/:token/answers', {
    config: { access: 'public' },
    preValidation: openToken,
    schema: {
      tags: ['public survey'],
      security: [],
      summary: 'Save the answers so far (replacing the saved ones); resumable from the same link. Values are checked, required questions are not yet.',
      params: TokenParams,
      body: PublicAnswersBody,
      response: { 200: PublicSaveView, ...publicErrors },
    },
  }, async (request) => {
    const survey = openedOf(request);
    const locale = chooseLocale(request, survey.respondent.locale, survey.organization.defaultLocale);
    if (survey.status === 'submitted') throw alreadySubmitted(locale);
    const answers = compactAnswers(request.body.answers as Answers);
    const [problem] = validateAnswers(survey.version.definition, answers, 'partial');
    if (problem) throw answerError(problem, locale);
    const now = deps.now();
    const saved = await saveInvitationAnswers(db, survey.respondent, answers, now);
    if (!saved) throw alreadySubmitted(locale);
    return { token: survey.token, savedAt: now, answers };
  });

  app.post('/api/v1/public/surveys/:token/submit', {
    config: { access: 'public' },
    preValidation: async (request) => {
      request.body ??= {};
      await openToken(request);
    },
    schema: {
      tags: ['public survey'],
      security: [],
      summary:
        'Submit: the answers given here over the saved ones, checked in full (ranges, required questions, show-if). ' +
        'A second submission of the same invitation answers 409 already_submitted with a message in the respondent’s language.',
      params: TokenParams,
      body: PublicSubmitBody,
      response: { 201: PublicSubmitView, ...publicErrors },
    },
  }, async (request, reply) => {
    const survey = openedOf(request);
    const locale = chooseLocale(request, survey.respondent.locale, survey.organization.defaultLocale);
    if (survey.status === 'submitted') throw alreadySubmitted(locale);
    const answers = compactAnswers({ ...survey.answers, ...((request.body.answers ?? {}) as Answers) });
    const [problem] = validateAnswers(survey.version.definition, answers, 'final');
    if (problem) throw answerError(problem, locale);
    const outcome = await submitInvitation(db, survey.respondent, survey.version.definition, answers, { locale, now: deps.now(), listeners: deps.onResponsesRecorded });
    if (outcome.status === 'already_submitted') throw alreadySubmitted(locale);
    return reply.code(201).send({
      responseId: outcome.response.responseId,
      submittedAt: outcome.response.submittedAt,
      thankYou: localised(survey, locale).thankYou ?? surveyMessages[locale].thankYouBody,
    });
  });

  // ---------- the survey page ----------
  const sendPage = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

  const statusOf: Record<'invalid' | 'expired' | 'closed', number> = { invalid: 404, expired: 410, closed: 410 };

  function pathOf(token: string, locale: Locale | undefined, extra?: string): string {
    const query = [locale ? `lang=${encodeURIComponent(locale)}` : '', extra ?? ''].filter(Boolean).join('&');
    return `/s/${token}${query ? `?${query}` : ''}`;
  }

  function formPage(request: FastifyRequest, survey: OpenedSurvey, locale: Locale, answers: Answers, problems: AnswerProblem[], notice?: 'saved'): string {
    const explicit = isLocale((request.query as { lang?: unknown }).lang) ? locale : undefined;
    return renderSurveyForm({
      locale,
      organization: survey.organization.name,
      survey: localised(survey, locale),
      answers,
      hidden: new Set(survey.version.definition.questions.map((question) => question.id).filter((id) => !visibleQuestionIds(survey.version.definition, answers).has(id))),
      problems,
      action: pathOf(survey.token, explicit),
      ...(notice ? { notice } : {}),
      languages: languageLinks(`/s/${survey.token}`),
    });
  }

  const PageParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) });
  const PageQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })), saved: Type.Optional(Type.String({ maxLength: 1 })), done: Type.Optional(Type.String({ maxLength: 1 })) });

  app.get(SCRIPT_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SURVEY_SCRIPT),
  );

  app.get('/s/:token', {
    config: { access: 'public' },
    schema: { hide: true, params: PageParams, querystring: PageQuery },
  }, async (request, reply) => {
    const opening = await openSurvey(request.params.token);
    if (!opening.ok) {
      const locale = chooseLocale(request, opening.locale, 'en');
      return sendPage(reply, statusOf[opening.kind], renderMessagePage({ locale, kind: opening.kind }));
    }
    const survey = opening.opened;
    const locale = chooseLocale(request, survey.respondent.locale, survey.organization.defaultLocale);
    if (survey.status === 'submitted') {
      const kind = request.query.done ? 'thank_you' : 'already_answered';
      return sendPage(reply, 200, renderMessagePage({ locale, kind, organization: survey.organization.name, thankYou: localised(survey, locale).thankYou }));
    }
    return sendPage(reply, 200, formPage(request, survey, locale, survey.answers, [], request.query.saved ? 'saved' : undefined));
  });

  // The form posts application/x-www-form-urlencoded, which only this route reads (an encapsulated parser).
  void app.register(async (plain) => {
    const scope = plain as unknown as HttpServer;
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, [...new URLSearchParams(body as string).entries()]);
    });
    scope.post('/s/:token', {
      config: { access: 'public' },
      bodyLimit: FORM_BODY_LIMIT,
      schema: { hide: true, params: PageParams, querystring: PageQuery },
    }, async (request, reply) => {
      const wantsJson = (headerOf(request, 'accept') ?? '').includes('application/json');
      const opening = await openSurvey(request.params.token);
      if (!opening.ok) {
        const locale = chooseLocale(request, opening.locale, 'en');
        if (wantsJson) {
          const messages = surveyMessages[locale];
          const message = { invalid: messages.invalidBody, expired: messages.expiredBody, closed: messages.closedBody }[opening.kind];
          throw new AppError(statusOf[opening.kind], `link_${opening.kind}`, message);
        }
        return sendPage(reply, statusOf[opening.kind], renderMessagePage({ locale, kind: opening.kind }));
      }
      const survey = opening.opened;
      const locale = chooseLocale(request, survey.respondent.locale, survey.organization.defaultLocale);
      const explicit = isLocale(request.query.lang) ? locale : undefined;
      const alreadyPage = () => sendPage(reply, 409, renderMessagePage({ locale, kind: 'already_answered', organization: survey.organization.name }));
      if (survey.status === 'submitted') {
        if (wantsJson) throw alreadySubmitted(locale);
        return alreadyPage();
      }
      // Only the form parser yields [name, value] pairs; a JSON array sent here is anything, so keep only real pairs.
      const pairs = Array.isArray(request.body) ? (request.body as unknown[]).filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') : [];
      const action = pairs.find(([name]) => name === '_action')?.[1] === 'save' ? 'save' : 'submit';
      const definition = survey.version.definition;
      const answers = compactAnswers(answersFromForm(definition, pairs));
      const partialProblems = validateAnswers(definition, answers, 'partial');
      const now = deps.now();

      if (action === 'save') {
        if (partialProblems.length > 0) {
          if (wantsJson) throw answerError(partialProblems[0]!, locale);
          return sendPage(reply, 400, formPage(request, survey, locale, answers, partialProblems));
        }
        const saved = await saveInvitationAnswers(db, survey.respondent, answers, now);
        if (!saved) {
          if (wantsJson) throw alreadySubmitted(locale);
          return alreadyPage();
        }
        if (wantsJson) return { saved: true, token: survey.token, path: `/s/${survey.token}`, savedAt: now.toISOString() };
        return reply.redirect(pathOf(survey.token, explicit, 'saved=1'), 303);
      }

      // Without the script every question is on the page; answers to the ones the earlier answers hide are dropped.
      const final = pruneHiddenAnswers(definition, answers);
      const problems = validateAnswers(definition, final, 'final');
      if (problems.length > 0) {
        // Keep what was answered, so a reload or a later visit does not lose it.
        if (partialProblems.length === 0) await saveInvitationAnswers(db, survey.respondent, answers, now);
        return sendPage(reply, 400, formPage(request, survey, locale, answers, problems));
      }
      const outcome = await submitInvitation(db, survey.respondent, definition, final, { locale, now, listeners: deps.onResponsesRecorded });
      if (outcome.status === 'already_submitted') return alreadyPage();
      return reply.redirect(pathOf(survey.token, explicit, 'done=1'), 303);
    });
  });
}
