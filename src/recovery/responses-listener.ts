import { sql } from 'drizzle-orm';
import type { ResponseRow, ResponsesRecordedFunction } from '../feedback/index.ts';
import type { Db } from '../platform/database.ts';
import { anyOfTexts } from '../platform/sql-lists.ts';
import { analyzeSentiment } from '../text/index.ts';
import { evaluateRecoveryRules, type FollowUpScore } from './model.ts';
import { onFollowUpSurveyAnswered, openCaseFromFailedMoment, type FailedMomentOutcome, type FollowUpSurveyOutcome } from './service.ts';
import { loadRecoveryRulesCached } from './store.ts';

/*
 * The feedback room's ResponsesRecordedListener for recovery (wired in main.ts): called inside the
 * transaction that stored the responses, with only the rows really inserted (never a retry), so a
 * case opens — or does not — together with the answer that caused it.
 *
 * Per response, in this order:
 * 1. A follow-up re-survey answer proves or disproves a recovery (onFollowUpSurveyAnswered). A response
 *    is one when
 *    a. it came through an invitation whose externalId is `recovery:<caseId>` (what the follow-up
 *       sender, or anyone issuing the re-survey by API, gives the invitation), or
 *    b. its customer has a case waiting for its follow-up with a re-survey asked for (step 6 with
 *       `resurvey: true`): that customer's next scored answer is the re-survey.
 *    A follow-up answer never opens a second case: an unhappy one sends its case back to work.
 * 2. Otherwise the organisation's rules judge the answer (NPS, CSAT, and the comment's sentiment —
 *    computed only when there is a comment) and a failure opens or joins the visit's one open case.
 *
 * Customers and invitations belong to the feedback room, which offers no function for them, so they
 * are read here by primary key with plain SQL (read only; the feedback room writes them).
 */

export const FOLLOW_UP_INVITATION_PREFIX = 'recovery:';

/** The invitation externalId that marks a survey as the re-survey of a case. */
export function followUpInvitationId(caseId: string): string {
  return `${FOLLOW_UP_INVITATION_PREFIX}${caseId}`;
}

export type RecoveredResponse =
  | { responseId: string; kind: 'follow_up'; outcome: FollowUpSurveyOutcome }
  | { responseId: string; kind: 'case'; outcome: FailedMomentOutcome };

type Recorded = Pick<
  ResponseRow,
  'responseId' | 'invitationId' | 'customerId' | 'visitId' | 'journeyKey' | 'journeyVersion' | 'momentKey' | 'locationId' | 'staffId' | 'nps' | 'csat' | 'ces' | 'comment' | 'locale' | 'channel' | 'surveyId'
>;

interface CustomerFacts {
  customer_id: string;
  external_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

function rowsOf<T>(result: unknown): T[] {
  // PGlite's and node-pg's drivers both return `{ rows }` from execute().
  return (result as { rows: T[] }).rows;
}

async function loadCustomers(tx: Db, orgId: string, ids: readonly string[]): Promise<Map<string, CustomerFacts>> {
  if (ids.length === 0) return new Map();
  const rows = rowsOf<CustomerFacts>(
    await tx.execute(sql`select customer_id, external_id, name, email, phone from customers where org_id = ${orgId} and customer_id = ${anyOfTexts(ids)}`),
  );
  return new Map(rows.map((row) => [row.customer_id, row]));
}

async function loadInvitationCaseIds(tx: Db, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = rowsOf<{ invitation_id: string; external_id: string }>(
    await tx.execute(
      sql`select invitation_id, external_id from survey_invitations where org_id = ${orgId} and invitation_id = ${anyOfTexts(ids)} and external_id like ${`${FOLLOW_UP_INVITATION_PREFIX}%`}`,
    ),
  );
  return new Map(rows.map((row) => [row.invitation_id, row.external_id.slice(FOLLOW_UP_INVITATION_PREFIX.length)]));
}

/** Per customer, their newest case waiting for a follow-up that asked for a re-survey (one query per batch). */
async function casesAwaitingResurvey(tx: Db, orgId: string, customerRefs: readonly string[]): Promise<Map<string, string>> {
  if (customerRefs.length === 0) return new Map();
  const rows = rowsOf<{ customer_ref: string; case_id: string }>(
    await tx.execute(sql`
      select distinct on (customer_ref) customer_ref, case_id from cases
      where org_id = ${orgId} and customer_ref = ${anyOfTexts(customerRefs)} and status = 'awaiting_follow_up'
        and coalesce((playbook -> 'followUp' ->> 'resurvey')::boolean, false)
      order by customer_ref, opened_at desc, case_id desc`),
  );
  return new Map(rows.map((row) => [row.customer_ref, row.case_id]));
}

function scoreOf(row: Recorded): FollowUpScore | null {
  if (row.nps !== null) return { kind: 'nps', value: row.nps };
  if (row.csat !== null) return { kind: 'csat', value: row.csat };
  return null;
}

/** Sentiment of the comment, −1 … +1, or null without one. */
function sentimentOf(comment: string | null): number | null {
  const text = comment?.trim();
  if (!text) return null;
  return Math.round(analyzeSentiment(text).score * 1000) / 1000;
}

/** The feedback room's ResponsesRecordedListener (main.ts wires it): see recoverResponses. */
export const recoverFromResponses: ResponsesRecordedFunction = Object.assign(
  async (tx: Db, orgId: string, rows: readonly Recorded[], now: Date): Promise<void> => {
    await recoverResponses(tx, orgId, rows, now);
  },
  { hasWorkFor: mayRecover },
);

/**
 * Whether recoverResponses could act on any of these rows (asked before they are stored): a row with a
 * customer or an invitation may be a follow-up answer (that takes a look in the database, so yes), any
 * other only when the organisation's rules judge it a failure. No means nothing would be written.
 */
async function mayRecover(db: Db, orgId: string, rows: readonly Omit<Recorded, 'responseId'>[]): Promise<boolean> {
  if (rows.some((row) => row.customerId !== null || row.invitationId !== null)) return true;
  const rules = await loadRecoveryRulesCached(db, orgId);
  if (!rules.some((rule) => rule.enabled)) return false;
  return rows.some((row) => judgeByRules(rules, row).matches.length > 0);
}

type RecoveryRules = Awaited<ReturnType<typeof loadRecoveryRulesCached>>;

/**
 * The rules' verdict on one answer. The comment's sentiment costs more than the rest of the check:
 * computed before the rules only when a negative-sentiment rule is on (otherwise only for a case's
 * details, by the caller).
 */
function judgeByRules(rules: RecoveryRules, row: Pick<Recorded, 'journeyKey' | 'momentKey' | 'nps' | 'csat' | 'comment'>) {
  const sentimentDecides = rules.some((rule) => rule.kind === 'negative_sentiment' && rule.enabled);
  const sentiment = sentimentDecides ? sentimentOf(row.comment) : null;
  const matches = evaluateRecoveryRules(rules, { journeyKey: row.journeyKey, momentKey: row.momentKey, nps: row.nps, csat: row.csat, sentiment });
  return { matches, sentimentDecides, sentiment };
}

/**
 * Recovers every failed moment among newly stored responses and records follow-up re-survey
 * answers; returns what it did with each response it acted on.
 */
export async function recoverResponses(tx: Db, orgId: string, rows: readonly Recorded[], now: Date): Promise<RecoveredResponse[]> {
  const done: RecoveredResponse[] = [];
  if (rows.length === 0) return done;
  const customers = await loadCustomers(tx, orgId, [...new Set(rows.flatMap((row) => (row.customerId ? [row.customerId] : [])))]);
  const followUpCases = await loadInvitationCaseIds(tx, orgId, [...new Set(rows.flatMap((row) => (row.invitationId ? [row.invitationId] : [])))]);
  const awaiting = await casesAwaitingResurvey(tx, orgId, [...new Set([...customers.values()].map((customer) => customer.external_id))]);
  let rules: RecoveryRules | undefined;

  for (const row of rows) {
    const customer = row.customerId ? customers.get(row.customerId) : undefined;
    const customerRef = customer?.external_id ?? null;
    const score = scoreOf(row);
    if (score) {
      const caseId = (row.invitationId ? followUpCases.get(row.invitationId) : undefined) ?? (customerRef ? awaiting.get(customerRef) : undefined);
      if (caseId) {
        // The case has its answer now: a second answer of the customer in this batch is not a re-survey.
        if (customerRef && awaiting.get(customerRef) === caseId) awaiting.delete(customerRef);
        const outcome = await onFollowUpSurveyAnswered(tx, orgId, { caseId, score, responseId: row.responseId }, now);
        if (outcome) {
          done.push({ responseId: row.responseId, kind: 'follow_up', outcome });
          continue;
        }
      }
    }
    rules ??= await loadRecoveryRulesCached(tx, orgId);
    const verdict = judgeByRules(rules, row);
    const { matches } = verdict;
    const first = matches[0];
    if (!first) continue;
    const sentiment = verdict.sentimentDecides ? verdict.sentiment : sentimentOf(row.comment);
    const opened = await openCaseFromFailedMoment(
      tx,
      orgId,
      {
        customerRef,
        customerName: customer?.name ?? null,
        customerEmail: customer?.email ?? null,
        customerPhone: customer?.phone ?? null,
        visitId: row.visitId,
        journeyKey: row.journeyKey,
        journeyVersion: row.journeyVersion,
        momentKey: row.momentKey,
        locationId: row.locationId,
        staffRef: row.staffId,
        responseId: row.responseId,
        reason: first.reason,
        assignTo: first.assignTo,
        details: { nps: row.nps, csat: row.csat, ces: row.ces, comment: row.comment, sentiment, locale: row.locale, channel: row.channel, surveyId: row.surveyId, matches },
      },
      now,
    );
    done.push({ responseId: row.responseId, kind: 'case', outcome: opened });
  }
  return done;
}
