import { createHmac, timingSafeEqual } from 'node:crypto';
import { LOCALES, type Locale } from '../platform/locales.ts';

/*
 * Survey link tokens: a fixed binary layout, then a 128-bit HMAC-SHA256 tag, in base64url — 96
 * characters. They carry the organisation, the survey and its version, the language, the expiry and
 * the invitation (or public link) id; the context the answers are about (interaction, moment,
 * location, staff, visit, customer) is stored with the invitation when it is issued and looked up by
 * that id. Three reasons for keeping the context out of the link: a link must fit in an SMS and in
 * the HTTP router's path-parameter limit (100 characters); customer and staff ids do not belong in
 * URLs that end up in browser histories, access logs and referrers; and the stored context cannot
 * disagree with the link.
 *
 * Kinds:
 * - invitation: one respondent's link (issued through the API; its row holds the context);
 * - link: an anonymous public link (a QR code on the counter); opening it starts…
 * - started: …the respondent's own link, tied to the public link whose location and moment it
 *   inherits; its row is written on the first save.
 */

export type SurveyToken =
  | { kind: 'invitation'; orgId: string; surveyId: string; invitationId: string; version: number; locale?: Locale; expiresAt: Date }
  | { kind: 'link'; orgId: string; surveyId: string; linkId: string; locale?: Locale; expiresAt?: Date }
  | { kind: 'started'; orgId: string; linkId: string; invitationId: string; version: number; locale?: Locale; expiresAt: Date };

export type VerifiedLink = { status: 'valid'; token: SurveyToken } | { status: 'expired'; token: SurveyToken } | { status: 'invalid' };

const KIND_CODES = { invitation: 1, link: 2, started: 3 } as const;
const TAG_BYTES = 16;
/** kind, three 16-byte ids, version (uint16), language, expiry (uint32 seconds; 0 = none). */
const PAYLOAD_BYTES = 1 + 16 * 3 + 2 + 1 + 4;
const TOKEN_LENGTH = Math.ceil(((PAYLOAD_BYTES + TAG_BYTES) * 4) / 3);
export const MAX_VERSION = 0xffff;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function writeUuid(buffer: Buffer, offset: number, id: string): void {
  if (!UUID_RE.test(id)) throw new Error(`a survey link can only carry UUIDs, not "${id}"`);
  buffer.write(id.replaceAll('-', ''), offset, 16, 'hex');
}

function readUuid(buffer: Buffer, offset: number): string {
  const hex = buffer.subarray(offset, offset + 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function tagOf(payload: Buffer, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, TAG_BYTES);
}

export function signSurveyLink(token: SurveyToken, secret: string): string {
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(KIND_CODES[token.kind], 0);
  writeUuid(payload, 1, token.orgId);
  const [second, third] =
    token.kind === 'invitation' ? [token.surveyId, token.invitationId] : token.kind === 'link' ? [token.surveyId, token.linkId] : [token.linkId, token.invitationId];
  writeUuid(payload, 17, second);
  writeUuid(payload, 33, third);
  const version = token.kind === 'link' ? 0 : token.version;
  if (!Number.isInteger(version) || version < 0 || version > MAX_VERSION) throw new Error(`survey version ${version} does not fit a link`);
  payload.writeUInt16BE(version, 49);
  payload.writeUInt8(token.locale ? LOCALES.indexOf(token.locale) + 1 : 0, 51);
  payload.writeUInt32BE(token.expiresAt ? Math.floor(token.expiresAt.getTime() / 1000) : 0, 52);
  return Buffer.concat([payload, tagOf(payload, secret)]).toString('base64url');
}

/** Checks the tag first (constant time), then the expiry. An expired link still tells its language. */
export function verifySurveyLink(text: string, secret: string, now: Date): VerifiedLink {
  if (text.length !== TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return { status: 'invalid' };
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== PAYLOAD_BYTES + TAG_BYTES) return { status: 'invalid' };
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), tagOf(payload, secret))) return { status: 'invalid' };

  const kindCode = payload.readUInt8(0);
  const orgId = readUuid(payload, 1);
  const second = readUuid(payload, 17);
  const third = readUuid(payload, 33);
  const version = payload.readUInt16BE(49);
  const localeIndex = payload.readUInt8(51);
  const expirySeconds = payload.readUInt32BE(52);
  if (localeIndex > LOCALES.length) return { status: 'invalid' };
  const locale = localeIndex > 0 ? { locale: LOCALES[localeIndex - 1]! } : {};
  const expiresAt = expirySeconds > 0 ? new Date(expirySeconds * 1000) : undefined;

  let token: SurveyToken;
  if (kindCode === KIND_CODES.invitation && expiresAt && version > 0) {
    token = { kind: 'invitation', orgId, surveyId: second, invitationId: third, version, ...locale, expiresAt };
  } else if (kindCode === KIND_CODES.link) {
    token = { kind: 'link', orgId, surveyId: second, linkId: third, ...locale, ...(expiresAt ? { expiresAt } : {}) };
  } else if (kindCode === KIND_CODES.started && expiresAt && version > 0) {
    token = { kind: 'started', orgId, linkId: second, invitationId: third, version, ...locale, expiresAt };
  } else {
    return { status: 'invalid' };
  }
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return { status: 'expired', token };
  return { status: 'valid', token };
}
