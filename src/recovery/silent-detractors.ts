import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import type { Page } from '../platform/pagination.ts';

/*
 * Silent detractors: customers who answered as detractors (NPS 0–6) and neither complained nor got a
 * case. Only a few unhappy customers complain; the rest leave quietly, so these are the ones to call.
 *
 * A detractor answer is "silent" when no case of the organisation
 *   - was opened from that response, or
 *   - is about the same visit (of the same customer), or
 *   - belongs to the same customer and was opened within SILENT_WINDOW_DAYS before or after the answer
 *     (a complaint at the counter, by phone or e-mail counts: the customer did speak up).
 * Closed cases count too: the customer was heard. Anonymous answers without a visit can only be
 * matched by their response.
 *
 * Responses and customers belong to the feedback room, which has no function for this question, so
 * they are read here with plain SQL (read only), always filtered by org_id.
 */

export const SILENT_WINDOW_DAYS = 30;
const DETRACTOR_MAX = 6;

export interface SilentDetractorFilter {
  from: Date;
  to: Date;
  /** The viewer's (or the asked-for) location subtree; undefined = the whole organisation. */
  locationIds?: readonly string[];
}

export interface SilentDetractor {
  responseId: string;
  submittedAt: Date;
  nps: number;
  csat: number | null;
  comment: string | null;
  locationId: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  visitId: string | null;
  staffRef: string | null;
  customerRef: string | null;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
}

export interface SilentDetractorsByLocation {
  locationId: string | null;
  /** Detractor answers in the period. */
  detractors: number;
  /** Of them, with no complaint and no case. */
  silent: number;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function conditions(orgId: string, filter: SilentDetractorFilter): SQL {
  const parts: SQL[] = [
    sql`r.org_id = ${orgId}`,
    sql`r.nps is not null and r.nps <= ${DETRACTOR_MAX}`,
    sql`r.submitted_at >= ${filter.from.toISOString()}::timestamptz`,
    sql`r.submitted_at < ${filter.to.toISOString()}::timestamptz`,
  ];
  if (filter.locationIds) {
    parts.push(filter.locationIds.length === 0 ? sql`false` : sql`r.location_id in (${sql.join(filter.locationIds.map((id) => sql`${id}`), sql`, `)})`);
  }
  return sql.join(parts, sql` and `);
}

/** No case speaks for this answer (see the rules at the top). */
const noCase = sql`not exists (
  select 1 from cases k
  where k.org_id = r.org_id
    and (
      k.response_id = r.response_id
      or (r.visit_id is not null and k.visit_id = r.visit_id and coalesce(k.customer_ref, '') = coalesce(c.external_id, ''))
      or (c.external_id is not null and k.customer_ref = c.external_id
          and k.opened_at >= r.submitted_at - make_interval(days => ${SILENT_WINDOW_DAYS})
          and k.opened_at <= r.submitted_at + make_interval(days => ${SILENT_WINDOW_DAYS}))
    )
)`;

const FROM = sql`responses r left join customers c on c.org_id = r.org_id and c.customer_id = r.customer_id`;

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('cursor', 'cursor is not a value this API returned');
  return { at: match[1]!, id: match[2]! };
}

interface Row {
  response_id: string;
  submitted_at: Date | string;
  nps: number;
  csat: number | null;
  comment: string | null;
  location_id: string | null;
  journey_key: string | null;
  moment_key: string | null;
  visit_id: string | null;
  staff_id: string | null;
  customer_ref: string | null;
  customer_name: string | null;
  customer_email: string | null;
  customer_phone: string | null;
}

/** Silent detractor answers, newest first, page by page. */
export async function listSilentDetractors(db: Db, orgId: string, filter: SilentDetractorFilter, options: { limit: number; cursor?: string }): Promise<Page<SilentDetractor>> {
  const after = decodeCursor(options.cursor);
  const page = after ? sql` and (r.submitted_at, r.response_id) < (${after.at}::timestamptz, ${after.id})` : sql``;
  const rows = rowsOf<Row>(
    await db.execute(sql`
      select r.response_id, r.submitted_at, r.nps::int as nps, r.csat::int as csat, r.comment, r.location_id, r.journey_key, r.moment_key,
             r.visit_id, r.staff_id, c.external_id as customer_ref, c.name as customer_name, c.email as customer_email, c.phone as customer_phone
      from ${FROM}
      where ${conditions(orgId, filter)} and ${noCase}${page}
      order by r.submitted_at desc, r.response_id desc
      limit ${options.limit + 1}`),
  );
  const items = rows.slice(0, options.limit).map((row) => ({
    responseId: row.response_id,
    submittedAt: new Date(row.submitted_at),
    nps: Number(row.nps),
    csat: row.csat === null ? null : Number(row.csat),
    comment: row.comment,
    locationId: row.location_id,
    journeyKey: row.journey_key,
    momentKey: row.moment_key,
    visitId: row.visit_id,
    staffRef: row.staff_id,
    customerRef: row.customer_ref,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    customerPhone: row.customer_phone,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last.submittedAt, last.responseId) : null };
}

/** Per outlet: detractor answers in the period and how many of them stayed silent. */
export async function countSilentDetractorsByLocation(db: Db, orgId: string, filter: SilentDetractorFilter): Promise<SilentDetractorsByLocation[]> {
  const rows = rowsOf<{ location_id: string | null; detractors: number | string; silent: number | string }>(
    await db.execute(sql`
      select r.location_id, count(*)::int as detractors, count(*) filter (where ${noCase})::int as silent
      from ${FROM}
      where ${conditions(orgId, filter)}
      group by r.location_id
      order by silent desc, detractors desc, r.location_id`),
  );
  return rows.map((row) => ({ locationId: row.location_id, detractors: Number(row.detractors), silent: Number(row.silent) }));
}
