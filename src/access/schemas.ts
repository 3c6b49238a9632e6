import { Type, type TUnsafe } from 'typebox';
import { LOCALES } from '../platform/locales.ts';
import { API_KEY_SCOPES, ROLES } from './model.ts';

/** A string from a fixed list, as a JSON-Schema enum (which OpenAPI shows as a drop-down). */
export function oneOf<const T extends readonly string[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/* Request and response schemas of the access room: one schema = validation + types + OpenAPI. */

export const Email = Type.String({ format: 'email', maxLength: 254, description: 'E-mail address' });
export const NewPassword = Type.String({ minLength: 8, maxLength: 256, description: 'At least 8 characters' });
export const PersonName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const LocaleSchema = oneOf(LOCALES);
export const RoleSchema = oneOf(ROLES);
export const ScopeSchema = oneOf(API_KEY_SCOPES);
export const LevelSchema = oneOf(['region', 'city', 'outlet'] as const);
export const Timezone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Shanghai' });
export const Id = Type.String({ minLength: 1, maxLength: 64 });
/** Dates leave the server as ISO 8601 strings; handlers return Date objects (the serializer converts). */
const Timestamp = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const UserView = Type.Object({ id: Type.String(), name: Type.String(), email: Type.String(), locale: Nullable(Type.String()) });

export const MembershipView = Type.Object({
  orgId: Type.String(),
  organizationName: Type.String(),
  role: RoleSchema,
  locationId: Nullable(Type.String()),
});

export const MeView = Type.Object({ user: UserView, memberships: Type.Array(MembershipView) });

export const OrganizationView = Type.Object({
  orgId: Type.String(),
  name: Type.String(),
  defaultLocale: Type.String(),
  timezone: Type.String(),
  createdAt: Timestamp,
});

export const LocationView = Type.Object({
  locationId: Type.String(),
  parentId: Nullable(Type.String()),
  level: LevelSchema,
  kind: Nullable(Type.String()),
  name: Type.String(),
  code: Nullable(Type.String()),
  timezone: Type.String(),
  address: Nullable(Type.String()),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const MemberView = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  locationId: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Timestamp,
});

export const InvitationView = Type.Object({
  invitationId: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  locationId: Nullable(Type.String()),
  expiresAt: Timestamp,
  createdAt: Timestamp,
});

export const ApiKeyView = Type.Object({
  apiKeyId: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(ScopeSchema),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});

export const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));
