import { Type } from 'typebox';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import { LOCALES } from '../platform/locales.ts';
import { API_KEY_SCOPES, ROLES } from './model.ts';

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
