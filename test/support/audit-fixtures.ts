import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Keymoment } from '../../src/main.ts';
import { addSignedInMember, createOrgWithMember, type TestMember } from './actors.ts';

/*
 * An organisation ready for audits: a region with one service hall (outlet) and its manager, the
 * telecom service-hall journey published from its template, and the matching checklist published.
 */

export interface AuditOrg {
  admin: TestMember;
  manager: TestMember;
  agent: TestMember;
  regionId: string;
  outletId: string;
  checklistKey: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function caller(km: Keymoment) {
  return (who: TestMember | Record<string, string>, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const base = 'headers' in who ? (who as TestMember).headers : (who as Record<string, string>);
    return km.app.inject({ method, url, headers: { ...base, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  };
}

export function expectStatus(response: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return response;
}

export async function setUpAuditOrg(km: Keymoment, name = 'Audit Org', timezone = 'Asia/Shanghai'): Promise<AuditOrg> {
  const call = caller(km);
  const admin = await createOrgWithMember(km, 'admin', name);
  expectStatus(await call(admin, 'PATCH', '/api/v1/org', { timezone }), 200);
  const regionId = expectStatus(await call(admin, 'POST', '/api/v1/locations', { name: `${name} region`, level: 'region' }), 201).json().locationId as string;
  const outletId = expectStatus(await call(admin, 'POST', '/api/v1/locations', { name: `${name} service hall`, level: 'outlet', parentId: regionId }), 201).json()
    .locationId as string;
  const manager = await addSignedInMember(km, admin.orgId, 'outlet_manager', outletId);
  const agent = await addSignedInMember(km, admin.orgId, 'agent', outletId);
  expectStatus(await call(admin, 'POST', '/api/v1/journeys/from-template', { templateKey: 'telecom-service-hall', publish: true }), 201);
  const checklist = expectStatus(
    await call(admin, 'POST', '/api/v1/audits/checklists/from-template', { templateKey: 'telecom-service-hall-visit', publish: true }),
    201,
  ).json();
  return { admin, manager, agent, regionId, outletId, checklistKey: checklist.key as string };
}

/** A 1×1 PNG: a real image, as a phone would never send it but as the server must accept it. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart/form-data body with one file in the field `file`. */
export function multipartFile(bytes: Buffer, filename = 'photo.png', contentType = 'image/png'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----keymoment${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Answers passing every item of the service-hall checklist (N/A where allowed and irrelevant). */
export function passingHallAnswers(): Record<string, { value: 'yes' | 'no' | 'na' | number; note?: string }> {
  return {
    'greeted-at-door': { value: 'yes' },
    'acknowledge-when-busy': { value: 'na' },
    'purpose-asked': { value: 'yes' },
    'neat-appearance': { value: 4 },
    'ticket-triage': { value: 'yes' },
    'wait-shown': { value: 'yes' },
    'long-wait-check': { value: 'na' },
    'waiting-area': { value: 'yes' },
    'served-skilfully': { value: 3 },
    'fees-confirmed': { value: 'yes' },
    'money-announced': { value: 'yes' },
    'relevant-offer': { value: 'yes' },
    'counter-goodbye': { value: 'yes' },
    'open-issue-owned': { value: 'na' },
    thanked: { value: 'yes' },
    'warm-reminder': { value: 'yes' },
    'personal-card': { value: 'yes' },
    'manager-hotline': { value: 'yes' },
  };
}
