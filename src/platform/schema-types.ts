import { Type, type TSchema, type TUnsafe } from 'typebox';

/* TypeBox building blocks every room's HTTP schemas use. */

/** A string from a fixed list, as a JSON-Schema enum (which OpenAPI shows as a drop-down). */
export function oneOf<const T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Dates leave the server as ISO 8601 strings; handlers return Date objects (the serializer converts). */
export const Timestamp = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
