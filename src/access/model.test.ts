import { describe, expect, it } from 'vitest';
import { actorCan, generateApiKey, isValidTimezone, parentLevelAllowed, sha256Hex, type Actor } from './model.ts';

const user = (role: Extract<Actor, { kind: 'user' }>['role']): Actor => ({ kind: 'user', orgId: 'o', userId: 'u', role, locationScope: null });
const key = (...scopes: Extract<Actor, { kind: 'api_key' }>['scopes']): Actor => ({ kind: 'api_key', orgId: 'o', apiKeyId: 'k', scopes });

describe('permissions', () => {
  it('lets only admins manage API keys and members', () => {
    expect(actorCan(user('admin'), 'api_keys.manage')).toBe(true);
    for (const role of ['cx_manager', 'outlet_manager', 'agent', 'auditor', 'viewer'] as const) {
      expect(actorCan(user(role), 'api_keys.manage')).toBe(false);
      expect(actorCan(user(role), 'members.write')).toBe(false);
    }
  });

  it('lets everyone read the organisation and its locations', () => {
    for (const role of ['admin', 'cx_manager', 'outlet_manager', 'agent', 'auditor', 'viewer'] as const) {
      expect(actorCan(user(role), 'locations.read')).toBe(true);
    }
  });

  it('gives API keys exactly their scopes', () => {
    expect(actorCan(key('read'), 'locations.read')).toBe(true);
    expect(actorCan(key('read'), 'locations.write')).toBe(false);
    expect(actorCan(key('ingest'), 'locations.read')).toBe(false);
    expect(actorCan(key('ingest'), 'ingest')).toBe(true);
    expect(actorCan(key('admin'), 'api_keys.manage')).toBe(true);
    expect(actorCan(key('read', 'ingest'), 'ingest')).toBe(true);
  });
});

describe('location tree rules', () => {
  it('keeps region → city → outlet order', () => {
    expect(parentLevelAllowed('outlet', 'city')).toBe(true);
    expect(parentLevelAllowed('outlet', 'region')).toBe(true);
    expect(parentLevelAllowed('city', 'region')).toBe(true);
    expect(parentLevelAllowed('region', 'region')).toBe(true);
    expect(parentLevelAllowed('city', 'outlet')).toBe(false);
    expect(parentLevelAllowed('region', 'city')).toBe(false);
    expect(parentLevelAllowed('outlet', 'outlet')).toBe(false);
  });

  it('accepts IANA zones only', () => {
    expect(isValidTimezone('Asia/Shanghai')).toBe(true);
    expect(isValidTimezone('Europe/Budapest')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });
});

describe('API keys', () => {
  it('are 160 random bits with a recognisable prefix, stored as SHA-256', () => {
    const { key: secret, prefix, hash } = generateApiKey();
    expect(secret).toMatch(/^km_[A-Za-z0-9_-]{27}$/);
    expect(Buffer.from(secret.slice(3), 'base64url')).toHaveLength(20);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(hash).toBe(sha256Hex(secret));
    expect(generateApiKey().key).not.toBe(secret);
  });
});
