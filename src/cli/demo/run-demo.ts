import { randomBytes } from 'node:crypto';
import { addMembership, createApiKey, createOrganization, createUserWithPassword, findUserByEmail, getOrganization } from '../../access/index.ts';
import type { Keymoment } from '../../main.ts';
import { DEMO_REGIONS, SURVEY_TEXTS } from './data.ts';
import {
  DEMO_JOURNEY_KEY,
  DEMO_TEMPLATE_KEY,
  demoSurveyDefinitions,
  demoWorld,
  followUpsOf,
  generateDays,
  type GeneratedDay,
  type InteractionItem,
  type ResponseItem,
} from './generator.ts';

/*
 * Builds the demo workspace through the HTTP API (`app.inject` with an API key of the new
 * organisation), exactly as a customer's systems would: every validation, the journey look-ups and
 * every listener on stored responses (insights rollups, recovery rules) run as in production.
 * The key is revoked at the end. Nothing here writes SQL except the duplicate-name check.
 */

/** What the demo needs of a running Keymoment: its API (called in-process), database and accounts. */
export type DemoHost = Pick<Keymoment, 'app' | 'database' | 'auth'>;

export interface DemoFillOptions {
  months: number;
  scale: number;
  seed: number;
  /** The demo ends at this instant (default: now); history runs back `months` calendar months. */
  now?: Date;
  /** Called after each generated day. */
  progress?: (state: DemoProgress) => void;
}

export interface DemoOptions extends DemoFillOptions {
  orgName: string;
  /** Made an admin of the demo organisation (created with a generated password when new). */
  adminEmail?: string;
}

export interface DemoProgress {
  day: number;
  days: number;
  interactions: number;
  responses: number;
}

export interface DemoSummary {
  orgId: string;
  orgName: string;
  regions: number;
  cities: number;
  outlets: number;
  staff: number;
  surveys: number;
  journeyKey: string;
  interactions: number;
  responses: number;
  from: string;
  to: string;
  admin?: { email: string; created: boolean; password?: string };
}

export class DemoExistsError extends Error {
  constructor(readonly orgName: string) {
    super(
      `An organisation named "${orgName}" already exists in this database, so the demo was not created again ` +
        `(nothing was changed). Choose another name with --org-name, or use another --data-dir.`,
    );
    this.name = 'DemoExistsError';
  }
}

/** Batches stay well below the API's 10,000 items so one request stays a few seconds long on PGlite. */
const BATCH = 5_000;
/** The last days are posted with the recovery rules on, so a handful of fresh cases exist. */
const RECENT_DAYS = 3;
const DAY_MS = 86_400_000;

export async function runDemo(keymoment: DemoHost, options: DemoOptions): Promise<DemoSummary> {
  const db = keymoment.database;
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from organizations where lower(name) = lower($1)', [options.orgName]);
  if ((rows[0]?.n ?? 0) > 0) throw new DemoExistsError(options.orgName);

  const organization = await createOrganization(db.db, { name: options.orgName, defaultLocale: 'en', timezone: 'UTC' });
  const orgId = organization.orgId;
  try {
    return await withDemoKey(keymoment, orgId, (call) => buildWorkspace(keymoment, options, orgId, call));
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\nThe demo organisation "${options.orgName}" (${orgId}) was left half-built; ` +
        'run the demo again with another --org-name (or into a fresh --data-dir).',
      { cause: error },
    );
  }
}

/**
 * Fills an EXISTING organisation with the demo (the "Load demo data" button of an empty workspace).
 * The caller makes sure the organisation is empty (src/cli/demo/demo-routes.ts refuses otherwise):
 * the demo's locations, journey and surveys would clash with real ones.
 */
export async function fillDemoOrganization(keymoment: DemoHost, orgId: string, options: DemoFillOptions): Promise<DemoSummary> {
  const organization = await getOrganization(keymoment.database.db, orgId);
  return withDemoKey(keymoment, orgId, (call) => buildWorkspace(keymoment, { ...options, orgName: organization.name }, orgId, call));
}

/** Runs `work` with a temporary admin API key of the organisation, revoked afterwards (also on failure). */
async function withDemoKey<T>(keymoment: DemoHost, orgId: string, work: (call: Call) => Promise<T>): Promise<T> {
  const db = keymoment.database;
  const { apiKey, key } = await createApiKey(db.db, orgId, { name: 'keymoment demo (revoked when done)', scopes: ['admin', 'ingest'], createdBy: null });
  const call = async <T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<T> => {
    const response = await keymoment.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (response.statusCode >= 300) throw new Error(`demo: ${method} ${url} answered ${response.statusCode}: ${response.body.slice(0, 2000)}`);
    return (response.body ? response.json() : undefined) as T;
  };
  try {
    return await work(call);
  } finally {
    // The key only served this run.
    await keymoment.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${apiKey.apiKeyId}`, headers: { authorization: `Bearer ${key}` } });
  }
}

type Call = <T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => Promise<T>;

async function buildWorkspace(keymoment: DemoHost, options: DemoOptions, orgId: string, call: Call): Promise<DemoSummary> {
  const db = keymoment.database;

  // Locations: region → city → outlet, each outlet in its city's time zone.
  const world = demoWorld(options.seed);
  let cities = 0;
  for (const region of DEMO_REGIONS) {
    const regionId = (await call<{ locationId: string }>('POST', '/api/v1/locations', { name: region.name, level: 'region', code: region.code })).locationId;
    for (const city of region.cities) {
      cities++;
      const cityCode = `${region.code}-${city.code}`;
      const cityId = (await call<{ locationId: string }>('POST', '/api/v1/locations', { name: city.name, level: 'city', parentId: regionId, code: cityCode, timezone: city.timezone }))
        .locationId;
      for (const outlet of world.outlets.filter((o) => o.cityCode === cityCode)) {
        await call('POST', '/api/v1/locations', { name: outlet.name, level: 'outlet', parentId: cityId, code: outlet.code, timezone: outlet.timezone });
      }
    }
  }

  // The shipped telecom service-hall journey, published; a survey per moment and the relationship NPS.
  await call('POST', '/api/v1/journeys/from-template', { templateKey: DEMO_TEMPLATE_KEY, key: DEMO_JOURNEY_KEY, publish: true });
  const surveys = demoSurveyDefinitions(SURVEY_TEXTS);
  for (const survey of surveys) {
    await call('POST', '/api/v1/surveys', { key: survey.key, name: survey.name, definition: survey.definition });
    await call('POST', `/api/v1/surveys/${survey.key}/publish`, {});
  }

  // Twelve months of history would open thousands of year-old cases; the rules are off for the
  // history and back to the defaults for the last days.
  await call('PUT', '/api/v1/recovery-rules', { rules: ['detractor', 'low_csat', 'negative_sentiment'].map((kind) => ({ kind, enabled: false })) });

  const now = options.now ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const startDate = new Date(today);
  startDate.setUTCMonth(startDate.getUTCMonth() - options.months);
  const days = Math.round((today - startDate.getTime()) / DAY_MS) + 1;
  // Ingest refuses what has not happened yet; a minute of margin for the clock.
  const notAfter = new Date(now.getTime() - 60_000);

  let interactions: InteractionItem[] = [];
  let responses: ResponseItem[] = [];
  let interactionCount = 0;
  let responseCount = 0;
  const flushInteractions = async () => {
    if (interactions.length === 0) return;
    const batch = interactions;
    interactions = [];
    interactionCount += checkBatch('interactions', await call<BatchResult>('POST', '/api/v1/interactions', batch));
  };
  const flushResponses = async () => {
    await flushInteractions(); // responses refer to interactions by their externalId
    if (responses.length === 0) return;
    const batch = responses;
    responses = [];
    responseCount += checkBatch('responses', await call<BatchResult>('POST', '/api/v1/responses', batch));
  };

  let dayNumber = 0;
  let pendingFollowUps: GeneratedDay | undefined;
  for (const day of generateDays(world, { seed: options.seed, start: startDate, days, scale: options.scale, notAfter })) {
    dayNumber++;
    if (dayNumber === days - RECENT_DAYS + 1) {
      await flushResponses();
      await call('PUT', '/api/v1/recovery-rules', { rules: [] });
    }
    // Yesterday's follow-up calls happen today: post them with today's traffic.
    for (const part of [pendingFollowUps, day]) {
      if (!part) continue;
      interactions.push(...part.interactions);
      responses.push(...part.responses);
    }
    pendingFollowUps = followUpsOf(day, options.seed, notAfter);
    if (interactions.length >= BATCH) await flushInteractions();
    if (responses.length >= BATCH) await flushResponses();
    options.progress?.({ day: dayNumber, days, interactions: interactionCount + interactions.length, responses: responseCount + responses.length });
  }
  if (pendingFollowUps) {
    interactions.push(...pendingFollowUps.interactions);
    responses.push(...pendingFollowUps.responses);
  }
  await flushResponses();

  let admin: DemoSummary['admin'];
  if (options.adminEmail) {
    const email = options.adminEmail.toLowerCase();
    const existing = await findUserByEmail(db.db, email);
    const password = existing ? undefined : randomBytes(12).toString('base64url');
    const person = existing ?? (await createUserWithPassword(keymoment.auth, { email, name: email.split('@')[0]!, password: password! }));
    await addMembership(db.db, orgId, { userId: person.id, role: 'admin' });
    admin = { email, created: !existing, ...(password ? { password } : {}) };
  }
  return {
    orgId,
    orgName: options.orgName,
    regions: DEMO_REGIONS.length,
    cities,
    outlets: world.outlets.length,
    staff: world.outlets.reduce((sum, outlet) => sum + outlet.staff.length, 0),
    surveys: surveys.length,
    journeyKey: DEMO_JOURNEY_KEY,
    interactions: interactionCount,
    responses: responseCount,
    from: startDate.toISOString().slice(0, 10),
    to: new Date(today).toISOString().slice(0, 10),
    ...(admin ? { admin } : {}),
  };
}

interface BatchResult {
  received: number;
  created: number;
  existing: number;
  failed: number;
  errors: { index: number; field: string; message: string }[];
}

/** The generator makes only valid items; a failed one is a bug worth stopping for. */
function checkBatch(what: string, result: BatchResult): number {
  if (result.failed > 0) {
    const first = result.errors.slice(0, 3).map((error) => `#${error.index} ${error.field}: ${error.message}`).join('; ');
    throw new Error(`demo: ${result.failed} of ${result.received} ${what} were refused (${first})`);
  }
  return result.created;
}
