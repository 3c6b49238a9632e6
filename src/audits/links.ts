import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LOCALES, type Locale } from '../platform/locales.ts';

/*
 * Mystery-shopper links: `<payload>.<signature>`, both base64url. The shopper has no account: the link
 * is the credential. The payload names the organisation, the run, the link id (the run keeps only its
 * current link id, so issuing a new link or cancelling the run kills the old one), an expiry and the
 * language; the signature is HMAC-SHA256 over the payload with the installation's audit-link secret,
 * cut to 128 bits. A forged, altered or expired link fails before the database is asked anything.
 *
 * The payload is packed bytes, not JSON, so the whole link stays under the 100 characters a path
 * parameter may have (and fits an SMS): version 1 byte, organisation and run ids 16 bytes each (they
 * are UUIDs), link id 6 bytes, expiry 4 bytes (Unix seconds), language 1 byte.
 */

export interface ShopperClaims {
  orgId: string;
  runId: string;
  linkId: string;
  locale?: Locale;
  expiresAt: Date;
}

export type VerifiedShopperLink = { status: 'valid'; claims: ShopperClaims } | { status: 'expired'; claims: ShopperClaims } | { status: 'invalid' };

const FORMAT_VERSION = 1;
const PAYLOAD_BYTES = 44;
const SIGNATURE_BYTES = 16;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** 48 random bits: enough to tell a run's links apart, the signature does the rest. */
export function newLinkId(): string {
  return randomBytes(6).toString('base64url');
}

function uuidBytes(uuid: string): Buffer {
  if (!UUID_RE.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function signature(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`audit-link:${payload}`).digest().subarray(0, SIGNATURE_BYTES);
}

export function signShopperLink(claims: ShopperClaims, secret: string): string {
  const linkId = Buffer.from(claims.linkId, 'base64url');
  if (linkId.length !== 6) throw new Error('a link id is 6 bytes');
  const bytes = Buffer.alloc(PAYLOAD_BYTES);
  bytes.writeUInt8(FORMAT_VERSION, 0);
  uuidBytes(claims.orgId).copy(bytes, 1);
  uuidBytes(claims.runId).copy(bytes, 17);
  linkId.copy(bytes, 33);
  bytes.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 39);
  bytes.writeUInt8(claims.locale ? LOCALES.indexOf(claims.locale) + 1 : 0, 43);
  const payload = bytes.toString('base64url');
  return `${payload}.${signature(payload, secret).toString('base64url')}`;
}

/** Checks the signature first (constant time), then the expiry. An expired link still tells its language. */
export function verifyShopperLink(token: string, secret: string, now: Date): VerifiedShopperLink {
  const match = /^([A-Za-z0-9_-]{59})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return { status: 'invalid' };
  const payload = match[1]!;
  const given = Buffer.from(match[2]!, 'base64url');
  // The last base64 character carries spare bits; only the canonical spelling of a signature counts.
  if (given.toString('base64url') !== match[2]) return { status: 'invalid' };
  const expected = signature(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 'invalid' };
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length !== PAYLOAD_BYTES || bytes.readUInt8(0) !== FORMAT_VERSION) return { status: 'invalid' };
  const localeIndex = bytes.readUInt8(43);
  const locale = localeIndex > 0 ? LOCALES[localeIndex - 1] : undefined;
  if (localeIndex > LOCALES.length) return { status: 'invalid' };
  const claims: ShopperClaims = {
    orgId: uuidOf(bytes.subarray(1, 17)),
    runId: uuidOf(bytes.subarray(17, 33)),
    linkId: bytes.subarray(33, 39).toString('base64url'),
    expiresAt: new Date(bytes.readUInt32BE(39) * 1000),
    ...(locale ? { locale } : {}),
  };
  if (claims.expiresAt.getTime() <= now.getTime()) return { status: 'expired', claims };
  return { status: 'valid', claims };
}
