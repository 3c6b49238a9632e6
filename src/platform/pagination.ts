import { Type, type Static, type TSchema } from 'typebox';
import { badRequest } from './errors.ts';

/** Query string of every list endpoint. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (1–500).' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page.' })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export function pageOf<T extends TSchema>(itemSchema: T) {
  return Type.Object({ items: Type.Array(itemSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: base64url of the last id seen. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(decoded)) throw badRequest('cursor', 'cursor is not a value this API returned');
  return decoded;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells whether a next page exists.
 */
export function toPage<T>(rows: T[], limit: number, idOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(idOf(last)) : null };
}
