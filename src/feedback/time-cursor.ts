import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { badRequest } from '../platform/errors.ts';
import type { Page } from '../platform/pagination.ts';

/*
 * Feedback is read newest first by when it happened (an interaction's occurredAt, a response's
 * submittedAt), not by when it arrived: a batch imported today may hold last month's answers. Pages
 * are keyed by (time, id), so equal times still page without gaps or repeats; the cursor is opaque.
 */

export interface TimeKey {
  at: Date;
  id: string;
}

export function encodeTimeCursor(key: TimeKey): string {
  return Buffer.from(`${key.at.toISOString()}|${key.id}`, 'utf8').toString('base64url');
}

export function decodeTimeCursor(cursor: string | undefined): TimeKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('cursor', 'cursor is not a value this API returned');
  return { at: new Date(match[1]!), id: match[2]! };
}

/** Rows after the cursor in (time desc, id desc) order. */
export function beforeKey(time: AnyPgColumn, id: AnyPgColumn, key: TimeKey | undefined): SQL | undefined {
  return key ? sql`(${time}, ${id}) < (${key.at.toISOString()}::timestamptz, ${key.id})` : undefined;
}

export function toTimePage<T>(rows: T[], limit: number, keyOf: (row: T) => TimeKey): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeTimeCursor(keyOf(last)) : null };
}
