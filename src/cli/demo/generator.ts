import { DEMO_COMMENTS, DEMO_REGIONS, MOMENT_TOPICS, SECOND_LOCALE, type CommentTopic, type DemoLocale } from './data.ts';

/*
 * Deterministic generator of realistic customer-experience traffic: visits to outlets, the moments
 * each visit went through (interactions), and the survey answers some customers gave (responses).
 * Pure: no I/O, the same seed gives the same data byte for byte. Used by `keymoment demo` (the
 * telecom world below) and by the benchmarks in bench/ (their own bigger world).
 *
 * The model behind the numbers, so the insights have something true to find:
 * - every moment has a base quality in [0, 1]; a visit's latent quality of a moment is that base plus
 *   the outlet's effect (with an optional linear trend over time), the staff member's effect, the
 *   day's crowding (busy weekdays hurt the moments marked `crowdSensitive`), and the visit's mood;
 * - CSAT 1–5 and CES 1–7 are noisy readings of that latent quality;
 * - the visit's overall NPS follows the peak–end rule: mostly the most intense moment and the last
 *   one, only a little the average (Kahneman's peak–end effect, which the insights should recover);
 * - traffic per outlet and day is Poisson around the outlet's weight × the weekday's factor.
 */

// ---------- seeded randomness ----------

/** mulberry32: a small, fast 32-bit PRNG; plenty for synthetic data, and deterministic. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    // Box–Muller; 1 - next() keeps the logarithm finite.
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    normal,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    poisson(lambda) {
      if (lambda <= 0) return 0;
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
      // Knuth's method for small means.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > limit);
      return k - 1;
    },
  };
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  poisson(lambda: number): number;
}

// ---------- the world ----------

export interface WorldMoment {
  key: string;
  /** Base quality in [0, 1]: 0.45 is a weak moment, 0.9 a strong one. */
  quality: number;
  /** Share of visits that go through this moment. */
  share: number;
  /** How much one visit's experience of the moment varies around its quality (standard deviation). */
  spread: number;
  /** Interaction channel. */
  channel: string;
  /** Minutes from the start of the visit (negative: before it, e.g. finding the outlet online). */
  offsetMinutes: number;
  /** Crowded days (busy weekdays) make this moment worse (queues). */
  crowdSensitive?: boolean;
  /** The survey about this moment, if any; its questions: csat, and ces / nps when set, and a comment. */
  surveyKey?: string;
  askCes?: boolean;
  /** The survey of the last moment carries the visit's overall NPS (for peak–end analysis). */
  askNps?: boolean;
  /** Share of answering customers who also rate this moment (the end moment: all of them). */
  answerShare: number;
  /** Comments about this moment are chosen from this topic (else general). */
  topic: CommentTopic;
  /** Whether the moment belongs to the staff member at the counter (staffId is set). */
  staffed: boolean;
}

export interface WorldOutlet {
  code: string;
  timezone: string;
  locale: DemoLocale;
  /** Relative traffic (mean visits per day at scale 1). */
  traffic: number;
  /** Added to every moment's quality; `trend` is added linearly from the first to the last day. */
  effect: number;
  trend: number;
  staff: readonly { id: string; effect: number }[];
  /** Customers of this outlet are drawn from this pool (repeat visits happen). */
  customerPool: number;
}

export interface World {
  journeyKey: string;
  outlets: readonly WorldOutlet[];
  moments: readonly WorldMoment[];
  /** Traffic factor by weekday, Sunday = 0. */
  weekdayTraffic: readonly number[];
  /** Crowding penalty on crowd-sensitive moments by weekday. */
  weekdayCrowding: readonly number[];
  /** Share of visits whose customer answers any survey. */
  responseRate: number;
  /** Share of answers that carry a comment (when the score is clearly good or bad). */
  commentRate: number;
  relationshipSurveyKey?: string;
  /** Relationship-survey answers per outlet and month at scale 1. */
  relationshipPerOutletMonth: number;
}

// ---------- what the generator produces (the API's request bodies) ----------

export interface InteractionItem {
  externalId: string;
  momentKey: string;
  journeyKey: string;
  visitId: string;
  occurredAt: string;
  locationCode: string;
  staffId?: string;
  channel: string;
  customer: { externalId: string; locale: DemoLocale };
  metrics?: { waitSeconds: number };
}

export interface ResponseItem {
  externalId: string;
  surveyKey: string;
  submittedAt: string;
  channel: string;
  locale: DemoLocale;
  answers: Record<string, number | string>;
  interactionExternalId?: string;
  locationCode?: string;
  customer?: { externalId: string; locale: DemoLocale };
}

export interface GeneratedDay {
  /** YYYY-MM-DD (UTC calendar day). */
  date: string;
  interactions: InteractionItem[];
  responses: ResponseItem[];
}

export interface GenerateOptions {
  seed: number;
  /** First day (UTC midnight) and number of days. */
  start: Date;
  days: number;
  /** Multiplies traffic; 1 = the world's own volumes. */
  scale: number;
  /** Nothing is generated at or after this instant (e.g. "now"): ingest refuses the future. */
  notAfter?: Date;
  /** Prefix of every externalId (several generated datasets can live in one organisation). */
  idPrefix?: string;
}

const DAY_MS = 86_400_000;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Opening hours: visits start between 09:00 and 19:30 local time, busiest around noon and 17:00. */
function visitMinuteOfDay(random: Random): number {
  const busy = random.chance(0.5) ? 12 * 60 : 17 * 60;
  return Math.round(clamp(busy + random.normal() * 110, 9 * 60, 19 * 60 + 30));
}

const offsetCache = new Map<string, number>();
/** The time zone's offset from UTC in minutes on that day (handles summer time). */
export function utcOffsetMinutes(timezone: string, day: Date): number {
  const cacheKey = `${timezone}|${day.toISOString().slice(0, 10)}`;
  const cached = offsetCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(day.getTime() + 12 * 3_600_000))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
  offsetCache.set(cacheKey, minutes);
  return minutes;
}

/** A score reading of a latent quality: CSAT 1–5. */
const csatOf = (q: number, random: Random) => clamp(Math.round(1 + 4 * q + random.normal() * 0.55), 1, 5);
/** CES 1–7 (7 = very easy). */
const cesOf = (q: number, random: Random) => clamp(Math.round(1 + 6 * q + random.normal() * 0.9), 1, 7);
/** NPS 0–10. */
const npsOf = (q: number, random: Random) => clamp(Math.round(10 * q + random.normal() * 1.1), 0, 10);

function pickComment(random: Random, locale: DemoLocale, topic: CommentTopic, tone: 'positive' | 'negative'): string {
  const all = DEMO_COMMENTS[locale];
  const fitting = all.filter((comment) => comment.tone === tone && comment.topic === topic);
  const pool = fitting.length > 0 && random.chance(0.75) ? fitting : all.filter((comment) => comment.tone === tone && comment.topic === 'general');
  return random.pick(pool).text;
}

function customerLocale(random: Random, outlet: WorldOutlet): DemoLocale {
  const roll = random.next();
  if (roll < 0.8) return outlet.locale;
  if (roll < 0.95) return 'en';
  return SECOND_LOCALE[outlet.locale];
}

/**
 * The days from `start`, one at a time (memory stays flat however many months are asked for).
 * Each day's randomness comes from its own stream (seed + day index), so a day does not depend on
 * how much the days before it generated.
 */
export function* generateDays(world: World, options: GenerateOptions): Generator<GeneratedDay> {
  const prefix = options.idPrefix ?? 'demo';
  const moments = [...world.moments].sort((a, b) => a.offsetMinutes - b.offsetMinutes);
  const lastMoment = moments.at(-1)!;
  const notAfter = options.notAfter?.getTime() ?? Number.POSITIVE_INFINITY;
  for (let dayIndex = 0; dayIndex < options.days; dayIndex++) {
    const dayStart = new Date(options.start.getTime() + dayIndex * DAY_MS);
    const date = dayStart.toISOString().slice(0, 10);
    const random = createRandom((options.seed * 1_000_003 + dayIndex * 7919) >>> 0);
    const weekday = dayStart.getUTCDay();
    const progress = options.days > 1 ? dayIndex / (options.days - 1) : 1;
    const day: GeneratedDay = { date, interactions: [], responses: [] };
    for (const outlet of world.outlets) {
      const visits = random.poisson(outlet.traffic * world.weekdayTraffic[weekday]! * options.scale);
      const offset = utcOffsetMinutes(outlet.timezone, dayStart);
      for (let v = 0; v < visits; v++) {
        const visitId = `${prefix}-${outlet.code}-${date.replaceAll('-', '')}-${v + 1}`;
        const startsAt = dayStart.getTime() + (visitMinuteOfDay(random) - offset) * 60_000;
        const customer = { externalId: `${prefix}-c-${outlet.code}-${random.int(1, outlet.customerPool)}`, locale: customerLocale(random, outlet) };
        const staff = random.pick(outlet.staff);
        const mood = random.normal() * 0.08;
        const crowding = world.weekdayCrowding[weekday]!;
        const went = moments.filter((moment) => moment === lastMoment || random.chance(moment.share));
        const quality = new Map<WorldMoment, number>();
        const items: { moment: WorldMoment; item: InteractionItem; at: number }[] = [];
        for (const moment of went) {
          const q = clamp(
            moment.quality + outlet.effect + outlet.trend * progress + (moment.staffed ? staff.effect : 0) + mood - (moment.crowdSensitive ? crowding : 0) + random.normal() * moment.spread,
            0,
            1,
          );
          quality.set(moment, q);
          // Moments are at least three minutes apart, so a visit's order is its time order.
          const at = startsAt + (moment.offsetMinutes + random.int(0, 2)) * 60_000;
          if (at >= notAfter) continue;
          const item: InteractionItem = {
            externalId: `${visitId}-${moment.key}`,
            momentKey: moment.key,
            journeyKey: world.journeyKey,
            visitId,
            occurredAt: new Date(at).toISOString(),
            locationCode: outlet.code,
            ...(moment.staffed ? { staffId: staff.id } : {}),
            channel: moment.channel,
            customer,
            ...(moment.crowdSensitive ? { metrics: { waitSeconds: Math.round(clamp((1 - q) * 2400 + random.normal() * 120, 30, 3600)) } } : {}),
          };
          items.push({ moment, item, at });
          day.interactions.push(item);
        }
        if (!random.chance(world.responseRate)) continue;
        // The moments this customer rates (the last one always: its survey asks the overall NPS).
        const rated = items.filter(({ moment }) => moment.surveyKey && random.chance(moment === lastMoment ? 1 : moment.answerShare));
        // Peak–end: the overall judgement is mostly the most intense rated moment (furthest from
        // "fine") and the last one, only a little their average.
        const qs = rated.map(({ moment }) => quality.get(moment)!);
        if (qs.length === 0) continue;
        const mean = qs.reduce((sum, q) => sum + q, 0) / qs.length;
        const peak = qs.reduce((best, q) => (Math.abs(q - 0.7) > Math.abs(best - 0.7) ? q : best), qs[0]!);
        const end = quality.get(lastMoment) ?? mean;
        const overall = clamp(0.55 * peak + 0.45 * end + 0.04, 0, 1);
        const answeredAt = (items.at(-1)?.at ?? startsAt) + random.int(10, 180) * 60_000;
        for (const { moment, item } of rated) {
          const q = quality.get(moment)!;
          const csat = csatOf(q, random);
          const answers: Record<string, number | string> = { csat };
          if (moment.askCes) answers.ces = cesOf(q, random);
          if (moment.askNps) answers.nps = npsOf(overall, random);
          const tone = csat >= 4 ? 'positive' : csat <= 2 ? 'negative' : undefined;
          if (tone && random.chance(world.commentRate)) answers.comment = pickComment(random, customer.locale, moment.topic, tone);
          const submittedAt = answeredAt;
          if (submittedAt >= notAfter) continue;
          day.responses.push({
            externalId: `${item.externalId}-r`,
            surveyKey: moment.surveyKey!,
            submittedAt: new Date(submittedAt).toISOString(),
            channel: moment.channel === 'in_person' ? 'sms' : moment.channel === 'app' ? 'app' : 'web',
            locale: customer.locale,
            answers,
            interactionExternalId: item.externalId,
          });
        }
      }
      // The relationship survey: a sample of the outlet's customers each month, spread over the days.
      if (world.relationshipSurveyKey) {
        const expected = (world.relationshipPerOutletMonth * options.scale) / 30;
        const answers = random.poisson(expected);
        for (let a = 0; a < answers; a++) {
          const locale = customerLocale(random, outlet);
          const q = clamp(0.66 + outlet.effect + outlet.trend * progress + random.normal() * 0.12, 0, 1);
          const nps = npsOf(q, random);
          const submittedAt = dayStart.getTime() + random.int(8 * 60, 22 * 60) * 60_000;
          if (submittedAt >= notAfter) continue;
          const tone = nps >= 9 ? 'positive' : nps <= 5 ? 'negative' : undefined;
          day.responses.push({
            externalId: `${prefix}-rel-${outlet.code}-${date.replaceAll('-', '')}-${a + 1}`,
            surveyKey: world.relationshipSurveyKey,
            submittedAt: new Date(submittedAt).toISOString(),
            channel: 'email',
            locale,
            answers: { nps, ...(tone && random.chance(world.commentRate) ? { comment: pickComment(random, locale, 'general', tone) } : {}) },
            locationCode: outlet.code,
            customer: { externalId: `${prefix}-c-${outlet.code}-${random.int(1, outlet.customerPool)}`, locale },
          });
        }
      }
    }
    yield day;
  }
}

// ---------- the demo's telecom world ----------

export const DEMO_JOURNEY_KEY = 'telecom-service-hall';
export const DEMO_TEMPLATE_KEY = 'telecom-service-hall';
export const DEMO_RELATIONSHIP_SURVEY = 'relationship-nps';
/** The outlet whose scores improve through the year (a new manager, the story goes). */
export const DEMO_IMPROVING_OUTLET = 'CE-DB-01';
/** The weak moment (long queues, worst on Saturdays and Mondays) and the strong peak. */
export const DEMO_WEAK_MOMENT = 'queue-triage';
export const DEMO_STRONG_MOMENT = 'data-service-trial';

/** Moments of the shipped telecom service-hall template, with the demo's story in their numbers. */
const DEMO_MOMENT_MODELS: readonly WorldMoment[] = [
  { key: 'find-outlet', spread: 0.08, quality: 0.74, share: 0.3, channel: 'web', offsetMinutes: -90, answerShare: 0.3, topic: 'general', staffed: false },
  { key: 'greeting', spread: 0.08, quality: 0.8, share: 0.92, channel: 'in_person', offsetMinutes: 0, answerShare: 0.45, topic: 'staff', staffed: false },
  { key: 'queue-triage', spread: 0.15, quality: 0.42, share: 0.95, channel: 'in_person', offsetMinutes: 3, crowdSensitive: true, askCes: true, answerShare: 0.6, topic: 'queue', staffed: false },
  { key: 'counter-transaction', spread: 0.15, quality: 0.72, share: 0.9, channel: 'in_person', offsetMinutes: 25, askCes: true, answerShare: 0.75, topic: 'counter', staffed: true },
  { key: 'data-service-trial', spread: 0.08, quality: 0.9, share: 0.22, channel: 'in_person', offsetMinutes: 40, answerShare: 0.6, topic: 'data', staffed: true },
  { key: 'phone-purchase', spread: 0.1, quality: 0.76, share: 0.14, channel: 'in_person', offsetMinutes: 50, answerShare: 0.6, topic: 'phone', staffed: true },
  { key: 'leave', spread: 0.18, quality: 0.74, share: 1, channel: 'in_person', offsetMinutes: 60, askNps: true, answerShare: 1, topic: 'general', staffed: false },
];
export const DEMO_MOMENTS: readonly WorldMoment[] = DEMO_MOMENT_MODELS.map((moment) => ({ ...moment, surveyKey: `moment-${moment.key}`, topic: MOMENT_TOPICS[moment.key] ?? moment.topic }));

/**
 * The follow-up (a day later, by SMS) is a moment of the template too, but it happens on another
 * day than the visit; the demo records it as its own one-moment "visit" stream.
 */
export const DEMO_FOLLOW_UP: WorldMoment = {
  key: 'follow-up', spread: 0.15, quality: 0.62, share: 0.25, channel: 'sms', offsetMinutes: 24 * 60, answerShare: 0.5, topic: 'general', staffed: false, surveyKey: 'moment-follow-up',
};

export interface DemoOutlet extends WorldOutlet {
  name: string;
  regionCode: string;
  cityCode: string;
}

/** The 30 outlets with their codes (region-city-nn), traffic and quality, decided from the seed. */
export function demoOutlets(seed: number): DemoOutlet[] {
  const random = createRandom(seed ^ 0x5eed);
  const outlets: DemoOutlet[] = [];
  for (const region of DEMO_REGIONS) {
    for (const city of region.cities) {
      city.outlets.forEach((name, index) => {
        const code = `${region.code}-${city.code}-${String(index + 1).padStart(2, '0')}`;
        const flagship = index === 0;
        const improving = code === DEMO_IMPROVING_OUTLET;
        outlets.push({
          code,
          name,
          regionCode: region.code,
          cityCode: `${region.code}-${city.code}`,
          timezone: city.timezone,
          locale: city.locale,
          // Flagships are busy; the rest between 1 and 2.5 recorded visits a day at scale 1 (about 110,000 interactions a year in all).
          traffic: flagship ? 2.5 : 1 + random.next() * 1.5,
          effect: improving ? -0.22 : random.normal() * 0.05,
          trend: improving ? 0.3 : 0,
          staff: Array.from({ length: flagship ? 8 : 5 }, (_, s) => ({ id: `${code}-S${s + 1}`, effect: random.normal() * 0.05 })),
          customerPool: flagship ? 2500 : 1200,
        });
      });
    }
  }
  return outlets;
}

export function demoWorld(seed: number): Omit<World, 'outlets'> & { outlets: DemoOutlet[] } {
  return {
    journeyKey: DEMO_JOURNEY_KEY,
    outlets: demoOutlets(seed),
    moments: DEMO_MOMENTS,
    // Sunday quiet, Monday busy (weekend problems), Saturday busiest.
    weekdayTraffic: [0.55, 1.25, 1.0, 0.95, 1.0, 1.1, 1.6],
    weekdayCrowding: [0, 0.08, 0.02, 0, 0.02, 0.05, 0.16],
    responseRate: 0.35,
    commentRate: 0.3,
    relationshipSurveyKey: DEMO_RELATIONSHIP_SURVEY,
    relationshipPerOutletMonth: 6,
  };
}

/** The survey definitions the demo publishes: one per moment (DEMO_MOMENTS + follow-up) and the relationship NPS. */
export function demoSurveyDefinitions(texts: {
  momentTitle: Record<DemoLocale, string>;
  csat: Record<DemoLocale, string>;
  ces: Record<DemoLocale, string>;
  nps: Record<DemoLocale, string>;
  relationshipTitle: Record<DemoLocale, string>;
  relationshipNps: Record<DemoLocale, string>;
  comment: Record<DemoLocale, string>;
}): { key: string; name: Record<string, string>; definition: object }[] {
  const comment = { id: 'comment', type: 'text', title: texts.comment };
  const surveys: { key: string; name: Record<string, string>; definition: object }[] = [...DEMO_MOMENTS, DEMO_FOLLOW_UP].map((moment) => ({
    key: moment.surveyKey!,
    name: { en: `Moment survey: ${moment.key}` },
    definition: {
      kind: 'transactional',
      about: { journeyKey: DEMO_JOURNEY_KEY, momentKey: moment.key },
      title: texts.momentTitle,
      questions: [
        { id: 'csat', type: 'csat', required: true, title: texts.csat },
        ...(moment.askCes ? [{ id: 'ces', type: 'ces', title: texts.ces }] : []),
        ...(moment.askNps ? [{ id: 'nps', type: 'nps', title: texts.nps }] : []),
        comment,
      ],
    },
  }));
  surveys.push({
    key: DEMO_RELATIONSHIP_SURVEY,
    name: { en: 'Relationship NPS' },
    definition: { kind: 'relationship', title: texts.relationshipTitle, questions: [{ id: 'nps', type: 'nps', required: true, title: texts.relationshipNps }, comment] },
  });
  return surveys;
}

/**
 * Follow-up calls: a share of yesterday's visits gets an SMS check the next day. Generated from the
 * day's visits so the follow-up refers to a real visit (same visitId, customer and outlet).
 */
export function followUpsOf(day: GeneratedDay, seed: number, notAfter?: Date): GeneratedDay {
  const random = createRandom((seed * 31 + Number(day.date.replaceAll('-', ''))) >>> 0);
  const out: GeneratedDay = { date: day.date, interactions: [], responses: [] };
  const limit = notAfter?.getTime() ?? Number.POSITIVE_INFINITY;
  for (const leave of day.interactions) {
    if (leave.momentKey !== 'leave' || !random.chance(DEMO_FOLLOW_UP.share)) continue;
    const at = Date.parse(leave.occurredAt) + (20 + random.int(0, 8)) * 3_600_000;
    if (at >= limit) continue;
    const externalId = `${leave.visitId}-follow-up`;
    out.interactions.push({ ...leave, externalId, momentKey: 'follow-up', occurredAt: new Date(at).toISOString(), channel: 'sms' });
    if (!random.chance(0.3)) continue;
    const q = clamp(DEMO_FOLLOW_UP.quality + random.normal() * 0.15, 0, 1);
    const csat = csatOf(q, random);
    const tone = csat >= 4 ? 'positive' : csat <= 2 ? 'negative' : undefined;
    const submittedAt = at + random.int(5, 120) * 60_000;
    if (submittedAt >= limit) continue;
    out.responses.push({
      externalId: `${externalId}-r`,
      surveyKey: DEMO_FOLLOW_UP.surveyKey!,
      submittedAt: new Date(submittedAt).toISOString(),
      channel: 'sms',
      locale: leave.customer.locale,
      answers: { csat, ...(tone && random.chance(0.3) ? { comment: pickComment(random, leave.customer.locale, 'general', tone) } : {}) },
      interactionExternalId: externalId,
    });
  }
  return out;
}
