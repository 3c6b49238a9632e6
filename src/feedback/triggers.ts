import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { getLocation, getOrganization } from '../access/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { chunksOf, createMomentResolver } from './ingest.ts';
import { supportedLocale } from './model.ts';
import { surveys } from './schema.ts';
import { findSurvey } from './store.ts';
import { customerOptOuts, invitationDeliveries, surveyTriggers } from './triggers-schema.ts';

/*
 * Survey triggers: "after an interaction at moment M (filters: location subtree, channel, outcome,
 * customer attributes) invite with survey S through channel C after delay D", with a sampling rate,
 * a per-customer quiet period that counts invitations of every trigger, a daily cap per trigger and
 * quiet hours in the outlet's time zone.
 *
 * Evaluation runs inside the transaction that stores the interactions (`scheduleTriggeredInvitations`,
 * called by ingestInteractions for the rows it actually inserted), with a fixed number of queries per
 * batch whatever its size: one to find every (trigger, interaction) pair that matches, one each for
 * opt-outs, recent invitations of the customers and the triggers' counts for the days concerned, and
 * multi-row inserts. Every decision is a row of invitation_deliveries: `queued` with its send time,
 * or `suppressed` with the reason — so the invitation log can say why someone was not asked.
 */

export type TriggerRow = typeof surveyTriggers.$inferSelect;
export type TriggerChannel = 'email' | 'sms' | 'link';
export const TRIGGER_CHANNELS = ['email', 'sms', 'link'] as const;

export const SUPPRESSION_REASONS = ['opted_out', 'no_email', 'no_phone', 'quiet_period', 'daily_cap'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Interactions older than this when they arrive (a history import) fire no trigger. */
export const STALE_INTERACTION_MS = 7 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TriggerInput {
  name: string;
  enabled?: boolean | undefined;
  surveyKey: string;
  journeyKey?: string | null | undefined;
  momentKey: string;
  locationId?: string | null | undefined;
  interactionChannels?: string[] | null | undefined;
  outcomes?: string[] | null | undefined;
  customerAttributes?: Record<string, string | number | boolean> | null | undefined;
  channel: TriggerChannel;
  delayMinutes?: number | undefined;
  samplingRate?: number | undefined;
  quietPeriodDays?: number | undefined;
  dailyCap?: number | null | undefined;
  quietHours?: { start: string; end: string } | null | undefined;
  expiresInDays?: number | undefined;
}

export type TriggerPatch = Partial<TriggerInput>;

export type TriggerWithSurvey = TriggerRow & { surveyKey: string };

// ---------- pure rules ----------

/** Deterministic per (trigger, interaction): a retry or a re-evaluation never re-rolls the dice. */
export function samplingDraw(triggerId: string, interactionId: string): number {
  return createHash('sha256').update(`${triggerId}:${interactionId}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}

export function isSampledIn(triggerId: string, interactionId: string, rate: number): boolean {
  return rate >= 1 || samplingDraw(triggerId, interactionId) < rate;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    } catch {
      formatter = formatterOf('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local calendar date and minute of the day of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { date: string; minute: number } {
  const parts = Object.fromEntries(formatterOf(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function minuteOfDay(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours! * 60 + minutes!;
}

function inWindow(minute: number, start: number, end: number): boolean {
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * A send that falls inside the quiet hours (local time of the outlet; the window may span midnight,
 * e.g. 21:00–09:00) moves to their end. Across a daylight-saving change the first guess is off by
 * the shift, so the result is checked once more in local time and corrected.
 */
export function applyQuietHours(at: Date, timeZone: string, quietHours: { start: string; end: string } | null): Date {
  if (!quietHours) return at;
  const start = minuteOfDay(quietHours.start);
  const end = minuteOfDay(quietHours.end);
  if (start === end) return at;
  const local = localTime(at, timeZone);
  if (!inWindow(local.minute, start, end)) return at;
  const wholeMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  let moved = new Date(wholeMinute + ((end - local.minute + 1440) % 1440) * 60_000);
  const check = localTime(moved, timeZone).minute;
  if (check !== end) moved = new Date(moved.getTime() + (((end - check + 1440 + 720) % 1440) - 720) * 60_000);
  return moved;
}

// ---------- validation ----------

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

async function checkTrigger(db: Db, orgId: string, input: TriggerInput): Promise<{ surveyId: string }> {
  if (!input.name.trim()) throw badRequest('name', 'name must not be empty');
  const survey = await findSurvey(db, orgId, input.surveyKey);
  if (!survey) throw badRequest('surveyKey', `there is no survey "${input.surveyKey}"`);
  if (survey.archivedAt) throw badRequest('surveyKey', `survey "${input.surveyKey}" is archived`);
  if (survey.publishedVersion === null) throw badRequest('surveyKey', `survey "${input.surveyKey}" has no published version yet; publish it first`);
  if (input.locationId) {
    try {
      await getLocation(db, orgId, input.locationId);
    } catch (error) {
      if (error instanceof NotFoundError) throw badRequest('locationId', `there is no location "${input.locationId}"`);
      throw error;
    }
  }
  const resolved = await createMomentResolver(db, orgId)(input.journeyKey ?? undefined, input.momentKey, input.locationId ?? undefined);
  // A moment key found in several journeys is fine for a trigger without a journey: it fires on each.
  if (!resolved.ok && !(input.journeyKey == null && resolved.error.message.includes('several published journeys'))) {
    throw badRequest(resolved.error.field, resolved.error.message);
  }
  if (input.quietHours) {
    for (const side of ['start', 'end'] as const) {
      if (!HHMM.test(input.quietHours[side])) throw badRequest(`quietHours.${side}`, `quietHours.${side} must be a time of day as HH:MM (00:00–23:59)`);
    }
    if (input.quietHours.start === input.quietHours.end) throw badRequest('quietHours.end', 'quiet hours must not start and end at the same time');
  }
  for (const [field, list] of [['interactionChannels', input.interactionChannels], ['outcomes', input.outcomes]] as const) {
    if (list && list.length === 0) throw badRequest(field, `${field} must list at least one value, or be left out to match any`);
  }
  if (input.customerAttributes && Object.keys(input.customerAttributes).length === 0) {
    throw badRequest('customerAttributes', 'customerAttributes must name at least one attribute, or be left out to match any customer');
  }
  return { surveyId: survey.surveyId };
}

function valuesOf(input: TriggerInput) {
  return {
    name: input.name.trim(),
    enabled: input.enabled ?? true,
    journeyKey: input.journeyKey ?? null,
    momentKey: input.momentKey,
    locationId: input.locationId ?? null,
    interactionChannels: input.interactionChannels ?? null,
    outcomes: input.outcomes ?? null,
    customerAttributes: input.customerAttributes ?? null,
    channel: input.channel,
    delayMinutes: input.delayMinutes ?? 0,
    samplingRate: input.samplingRate ?? 1,
    quietPeriodDays: input.quietPeriodDays ?? 0,
    dailyCap: input.dailyCap ?? null,
    quietHoursStart: input.quietHours?.start ?? null,
    quietHoursEnd: input.quietHours?.end ?? null,
    expiresInDays: input.expiresInDays ?? 30,
  };
}

export function inputOf(row: TriggerWithSurvey): TriggerInput {
  return {
    name: row.name,
    enabled: row.enabled,
    surveyKey: row.surveyKey,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    locationId: row.locationId,
    interactionChannels: row.interactionChannels,
    outcomes: row.outcomes,
    customerAttributes: row.customerAttributes,
    channel: row.channel as TriggerChannel,
    delayMinutes: row.delayMinutes,
    samplingRate: row.samplingRate,
    quietPeriodDays: row.quietPeriodDays,
    dailyCap: row.dailyCap,
    quietHours: row.quietHoursStart && row.quietHoursEnd ? { start: row.quietHoursStart, end: row.quietHoursEnd } : null,
    expiresInDays: row.expiresInDays,
  };
}

// ---------- store ----------

const withSurveyKey = { trigger: surveyTriggers, surveyKey: surveys.key };

export async function findTrigger(db: Db, orgId: string, triggerId: string): Promise<TriggerWithSurvey | undefined> {
  const [row] = await db
    .select(withSurveyKey)
    .from(surveyTriggers)
    .innerJoin(surveys, and(eq(surveys.orgId, surveyTriggers.orgId), eq(surveys.surveyId, surveyTriggers.surveyId)))
    .where(and(eq(surveyTriggers.orgId, orgId), eq(surveyTriggers.triggerId, triggerId), isNull(surveyTriggers.archivedAt)));
  return row ? { ...row.trigger, surveyKey: row.surveyKey } : undefined;
}

export async function getTrigger(db: Db, orgId: string, triggerId: string): Promise<TriggerWithSurvey> {
  const row = await findTrigger(db, orgId, triggerId);
  if (!row) throw new NotFoundError('Trigger');
  return row;
}

export async function createTrigger(db: Db, orgId: string, input: TriggerInput, by: { createdBy: string | null; now: Date }): Promise<TriggerWithSurvey> {
  const { surveyId } = await checkTrigger(db, orgId, input);
  const triggerId = newId(by.now.getTime());
  await db.insert(surveyTriggers).values({ orgId, triggerId, surveyId, ...valuesOf(input), createdBy: by.createdBy, createdAt: by.now, updatedAt: by.now });
  return getTrigger(db, orgId, triggerId);
}

/** A patch is merged over the stored trigger and the whole is checked again; `null` clears a filter. */
export async function updateTrigger(db: Db, orgId: string, triggerId: string, patch: TriggerPatch, now: Date): Promise<TriggerWithSurvey> {
  const current = await getTrigger(db, orgId, triggerId);
  const merged: TriggerInput = { ...inputOf(current), ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) };
  const { surveyId } = await checkTrigger(db, orgId, merged);
  await db
    .update(surveyTriggers)
    .set({ surveyId, ...valuesOf(merged), updatedAt: now })
    .where(and(eq(surveyTriggers.orgId, orgId), eq(surveyTriggers.triggerId, triggerId)));
  return getTrigger(db, orgId, triggerId);
}

/** Deleting keeps the row (the invitation log refers to it) but it never fires again. */
export async function archiveTrigger(db: Db, orgId: string, triggerId: string, now: Date): Promise<void> {
  await getTrigger(db, orgId, triggerId);
  await db
    .update(surveyTriggers)
    .set({ archivedAt: now, enabled: false, updatedAt: now })
    .where(and(eq(surveyTriggers.orgId, orgId), eq(surveyTriggers.triggerId, triggerId)));
}

export async function listTriggers(
  db: Db,
  orgId: string,
  filter: { surveyKey?: string | undefined; enabled?: boolean | undefined },
  options: { limit: number; cursor?: string | undefined },
): Promise<Page<TriggerWithSurvey>> {
  const after = decodeCursor(options.cursor);
  const conditions: (SQL | undefined)[] = [
    eq(surveyTriggers.orgId, orgId),
    isNull(surveyTriggers.archivedAt),
    after ? gt(surveyTriggers.triggerId, after) : undefined,
    filter.surveyKey !== undefined ? eq(surveys.key, filter.surveyKey) : undefined,
    filter.enabled !== undefined ? eq(surveyTriggers.enabled, filter.enabled) : undefined,
  ];
  const rows = await db
    .select(withSurveyKey)
    .from(surveyTriggers)
    .innerJoin(surveys, and(eq(surveys.orgId, surveyTriggers.orgId), eq(surveys.surveyId, surveyTriggers.surveyId)))
    .where(and(...conditions))
    .orderBy(asc(surveyTriggers.triggerId))
    .limit(options.limit + 1);
  return toPage(
    rows.map((row) => ({ ...row.trigger, surveyKey: row.surveyKey })),
    options.limit,
    (row) => row.triggerId,
  );
}

// ---------- evaluation ----------

function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

interface Candidate {
  trigger_id: string;
  interaction_id: string;
  customer_id: string;
  location_id: string;
  survey_id: string;
  occurred_ms: number;
  timezone: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
}

const ACTIVE_STATUSES = ['queued', 'sent', 'delivered'];

export interface ScheduleResult {
  queued: number;
  suppressed: number;
  /** The earliest send time of what was queued (the caller may wake the sender). */
  firstSendAt: Date | null;
}

/**
 * Evaluates the organisation's triggers for interactions just stored, in the caller's transaction,
 * and writes one invitation_deliveries row per match: queued with its send time, or suppressed with
 * the reason. Re-running it for the same interactions changes nothing (unique trigger + interaction).
 */
export async function scheduleTriggeredInvitations(tx: Db, orgId: string, interactionIds: string[], now: Date): Promise<ScheduleResult> {
  const result: ScheduleResult = { queued: 0, suppressed: 0, firstSendAt: null };
  if (interactionIds.length === 0) return result;
  const triggers = await tx
    .select()
    .from(surveyTriggers)
    .where(and(eq(surveyTriggers.orgId, orgId), eq(surveyTriggers.enabled, true), isNull(surveyTriggers.archivedAt)));
  if (triggers.length === 0) return result;
  const byId = new Map(triggers.map((trigger) => [trigger.triggerId, trigger]));

  const staleBefore = new Date(now.getTime() - STALE_INTERACTION_MS);
  const candidates: Candidate[] = [];
  for (const chunk of chunksOf(interactionIds)) {
    const ids = sql.join(chunk.map((id) => sql`${id}`), sql`, `);
    const found = await tx.execute(sql`
      with recursive scope(trigger_id, location_id) as (
        select trigger_id, location_id from survey_triggers
        where org_id = ${orgId} and enabled and archived_at is null and location_id is not null
        union all
        select s.trigger_id, l.location_id from locations l join scope s on l.parent_id = s.location_id where l.org_id = ${orgId}
      )
      select t.trigger_id, i.interaction_id, i.customer_id, i.location_id, t.survey_id,
             (extract(epoch from i.occurred_at) * 1000)::float8 as occurred_ms,
             l.timezone, c.email, c.phone, c.locale
      from interactions i
      join customers c on c.org_id = i.org_id and c.customer_id = i.customer_id
      join locations l on l.org_id = i.org_id and l.location_id = i.location_id
      join survey_triggers t on t.org_id = i.org_id and t.enabled and t.archived_at is null
        and t.moment_key = i.moment_key
        and (t.journey_key is null or t.journey_key = i.journey_key)
        and (t.interaction_channels is null or t.interaction_channels @> jsonb_build_array(i.channel))
        and (t.outcomes is null or (i.outcome is not null and t.outcomes @> jsonb_build_array(i.outcome)))
        and (t.customer_attributes is null or c.attributes @> t.customer_attributes)
        and (t.location_id is null or exists (select 1 from scope s where s.trigger_id = t.trigger_id and s.location_id = i.location_id))
      where i.org_id = ${orgId} and i.interaction_id in (${ids}) and i.occurred_at >= ${staleBefore.toISOString()}`);
    candidates.push(...rowsOf<Candidate>(found));
  }
  // Sampled out is the trigger working as designed, not a suppression: no row (at a 10% rate that would
  // be nine rows of noise for every invitation). The draw is a hash, so a re-run always agrees.
  const sampled = candidates.filter((candidate) => isSampledIn(candidate.trigger_id, candidate.interaction_id, byId.get(candidate.trigger_id)!.samplingRate));
  if (sampled.length === 0) return result;

  const organization = await getOrganization(tx, orgId);
  const defaultLocale: Locale = isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';

  // Work out each candidate's send time, day and language before looking at the limits.
  const planned = sampled.map((candidate) => {
    const trigger = byId.get(candidate.trigger_id)!;
    const due = Math.max(candidate.occurred_ms + trigger.delayMinutes * 60_000, now.getTime());
    const quietHours = trigger.quietHoursStart && trigger.quietHoursEnd ? { start: trigger.quietHoursStart, end: trigger.quietHoursEnd } : null;
    const sendAt = applyQuietHours(new Date(due), candidate.timezone, quietHours);
    return {
      candidate,
      trigger,
      sendAt,
      sendDay: localTime(sendAt, candidate.timezone).date,
      locale: (candidate.locale ? supportedLocale(candidate.locale) : undefined) ?? defaultLocale,
    };
  });
  // Earliest first, so within a batch the first invitation wins the quiet period and the cap.
  planned.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime() || (a.trigger.triggerId < b.trigger.triggerId ? -1 : 1) || (a.candidate.interaction_id < b.candidate.interaction_id ? -1 : 1));

  // Two batches matching the same trigger at once would each see the cap unused: take turns.
  const triggerIds = [...new Set(planned.map((plan) => plan.trigger.triggerId))].sort();
  for (const id of triggerIds) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`survey_trigger:${id}`}))`);

  const customerIds = [...new Set(sampled.map((candidate) => candidate.customer_id))];
  const optedOut = new Set<string>();
  const contacts = new Map<string, number[]>();
  const maxQuietMs = Math.max(...planned.map((plan) => plan.trigger.quietPeriodDays)) * DAY_MS;
  const from = new Date(Math.min(...planned.map((plan) => plan.sendAt.getTime())) - maxQuietMs);
  const until = new Date(Math.max(...planned.map((plan) => plan.sendAt.getTime())) + maxQuietMs);
  for (const chunk of chunksOf(customerIds)) {
    const outs = await tx
      .select({ customerId: customerOptOuts.customerId, channel: customerOptOuts.channel })
      .from(customerOptOuts)
      .where(and(eq(customerOptOuts.orgId, orgId), inArray(customerOptOuts.customerId, chunk)));
    for (const out of outs) optedOut.add(`${out.customerId}\u0000${out.channel}`);
    if (maxQuietMs > 0) {
      const recent = await tx
        .select({ customerId: invitationDeliveries.customerId, sendAt: invitationDeliveries.sendAt })
        .from(invitationDeliveries)
        .where(
          and(
            eq(invitationDeliveries.orgId, orgId),
            inArray(invitationDeliveries.customerId, chunk),
            inArray(invitationDeliveries.status, ACTIVE_STATUSES),
            sql`${invitationDeliveries.sendAt} > ${from.toISOString()} and ${invitationDeliveries.sendAt} < ${until.toISOString()}`,
          ),
        );
      for (const row of recent) contacts.set(row.customerId, [...(contacts.get(row.customerId) ?? []), row.sendAt.getTime()]);
    }
  }
  const used = new Map<string, number>();
  const capped = triggers.filter((trigger) => trigger.dailyCap !== null && triggerIds.includes(trigger.triggerId)).map((trigger) => trigger.triggerId);
  if (capped.length > 0) {
    const days = [...new Set(planned.map((plan) => plan.sendDay))];
    const counts = await tx
      .select({ triggerId: invitationDeliveries.triggerId, sendDay: invitationDeliveries.sendDay, count: sql<number>`count(*)::int` })
      .from(invitationDeliveries)
      .where(
        and(
          eq(invitationDeliveries.orgId, orgId),
          inArray(invitationDeliveries.triggerId, capped),
          inArray(invitationDeliveries.sendDay, days),
          inArray(invitationDeliveries.status, ACTIVE_STATUSES),
        ),
      )
      .groupBy(invitationDeliveries.triggerId, invitationDeliveries.sendDay);
    for (const row of counts) used.set(`${row.triggerId}\u0000${row.sendDay}`, Number(row.count));
  }

  const rows: Record<string, string | null>[] = [];
  for (const plan of planned) {
    const { candidate, trigger } = plan;
    const channel = trigger.channel as TriggerChannel;
    let reason: SuppressionReason | undefined;
    const capKey = `${trigger.triggerId}\u0000${plan.sendDay}`;
    const quietMs = trigger.quietPeriodDays * DAY_MS;
    if (channel !== 'link' && optedOut.has(`${candidate.customer_id}\u0000${channel}`)) reason = 'opted_out';
    else if (channel === 'email' && !candidate.email) reason = 'no_email';
    else if (channel === 'sms' && !candidate.phone) reason = 'no_phone';
    else if (quietMs > 0 && (contacts.get(candidate.customer_id) ?? []).some((at) => Math.abs(at - plan.sendAt.getTime()) < quietMs)) reason = 'quiet_period';
    else if (trigger.dailyCap !== null && (used.get(capKey) ?? 0) >= trigger.dailyCap) reason = 'daily_cap';
    if (!reason) {
      contacts.set(candidate.customer_id, [...(contacts.get(candidate.customer_id) ?? []), plan.sendAt.getTime()]);
      used.set(capKey, (used.get(capKey) ?? 0) + 1);
    }
    rows.push({
      delivery_id: newId(now.getTime()),
      trigger_id: trigger.triggerId,
      interaction_id: candidate.interaction_id,
      customer_id: candidate.customer_id,
      survey_id: candidate.survey_id,
      location_id: candidate.location_id,
      channel,
      status: reason ? 'suppressed' : 'queued',
      reason: reason ?? null,
      send_at: plan.sendAt.toISOString(),
      send_day: plan.sendDay,
      locale: plan.locale,
    });
  }
  // One jsonb parameter per chunk: PostgreSQL unpacks the rows, instead of Drizzle binding 16 parameters a row.
  for (const chunk of chunksOf(rows, 5000)) {
    const inserted = await tx.execute(sql`
      insert into invitation_deliveries (org_id, delivery_id, trigger_id, interaction_id, customer_id, survey_id, location_id, channel, status, reason, send_at, send_day, locale, created_at, updated_at)
      select ${orgId}, r.delivery_id, r.trigger_id, r.interaction_id, r.customer_id, r.survey_id, r.location_id, r.channel, r.status, r.reason, r.send_at, r.send_day, r.locale, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(delivery_id text, trigger_id text, interaction_id text, customer_id text, survey_id text, location_id text, channel text, status text, reason text, send_at timestamptz, send_day date, locale text)
      on conflict do nothing
      returning status, (extract(epoch from send_at) * 1000)::float8 as send_ms`);
    for (const row of rowsOf<{ status: string; send_ms: number }>(inserted)) {
      if (row.status === 'queued') {
        result.queued += 1;
        if (!result.firstSendAt || row.send_ms < result.firstSendAt.getTime()) result.firstSendAt = new Date(row.send_ms);
      } else {
        result.suppressed += 1;
      }
    }
  }
  return result;
}
