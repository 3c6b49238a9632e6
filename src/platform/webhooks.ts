import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { Db } from './database.ts';
import { badRequest } from './errors.ts';
import { findInstanceSetting } from './instance-settings.ts';

/*
 * What every outgoing webhook of Keymoment shares, whichever room's events it carries (feedback's
 * response events, recovery's case events): the URL rules, the SSRF guard, the signature and the HTTP
 * request. A receiver therefore checks every Keymoment webhook the same way:
 *
 *   Keymoment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * and reads `Keymoment-Event` (the event type), `Keymoment-Event-Id` (dedupe by it: delivery is at
 * least once), `Keymoment-Delivery-Id` and `Keymoment-Attempt`.
 *
 * SSRF: an organisation admin chooses the URL, the server makes the request. Addresses that point
 * into the server's own networks (loopback, private, link-local — cloud metadata at 169.254.169.254 —,
 * carrier-grade NAT, unique-local IPv6, …) are refused unless the instance setting
 * `webhooks_allow_private_addresses` is `true` (an on-premises installation posting to its own
 * intranet). The check runs on the address actually connected to (a DNS lookup hook), so a name that
 * resolves differently later (DNS rebinding) cannot slip through; redirects are not followed.
 */

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 500;
export const ALLOW_PRIVATE_SETTING = 'webhooks_allow_private_addresses';
export const SIGNATURE_HEADER = 'keymoment-signature';
/** A signature older than this is refused by verifyWebhookSignature (seconds): replayed requests fail. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

// ---------- URLs and addresses ----------

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address lies in a loopback, private, link-local or otherwise internal network. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

/** Checks a webhook URL's form; 400 naming `field` when it is not an absolute http(s) URL without credentials. */
export function checkWebhookUrl(text: string, allowPrivate: boolean, field = 'url'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest(field, 'url is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest(field, 'url must start with https:// or http://');
  if (url.username || url.password) throw badRequest(field, 'url must not contain a user name or password (use the signature to authenticate)');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))) {
    throw badRequest(field, 'url points to a private or loopback address; this installation does not allow that (instance setting webhooks_allow_private_addresses)');
  }
  return url;
}

export async function privateAddressesAllowed(db: Db): Promise<boolean> {
  return (await findInstanceSetting(db, ALLOW_PRIVATE_SETTING)) === 'true';
}

// ---------- signing ----------

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (and our tests): the header matches the body under the secret and is at most
 * SIGNATURE_TOLERANCE_SECONDS old at `nowSeconds`.
 */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowSeconds: number): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  if (Math.abs(nowSeconds - Number(match[1])) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

/** A new endpoint secret, shown to the admin once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** The headers of one attempt, the same for every room's webhooks. */
export function webhookHeaders(input: { secret: string; timestamp: number; body: string; eventType: string; eventId: string; deliveryId: string; attempt: number }): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Keymoment-Webhooks/1',
    'keymoment-event': input.eventType,
    'keymoment-event-id': input.eventId,
    'keymoment-delivery-id': input.deliveryId,
    'keymoment-attempt': String(input.attempt),
    [SIGNATURE_HEADER]: signWebhook(input.secret, input.timestamp, input.body),
  };
}

// ---------- sending ----------

export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export type WebhookSender = (url: string, headers: Record<string, string>, body: string, allowPrivate: boolean) => Promise<AttemptResult>;

/** POSTs with node:http(s); refuses private addresses at connect time unless allowed; never follows redirects. */
export const sendWebhookRequest: WebhookSender = (target, headers, body, allowPrivate) => {
  const started = performance.now();
  const finish = (statusCode: number | null, error: string | null): AttemptResult => ({ statusCode, durationMs: Math.round(performance.now() - started), error: error?.slice(0, MAX_ERROR_LENGTH) ?? null });
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = checkWebhookUrl(target, allowPrivate);
    } catch (error) {
      resolve(finish(null, (error as Error).message));
      return;
    }
    const guardedLookup = (hostname: string, options: object, callback: (...args: unknown[]) => void) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error);
        const refused = addresses.find((entry) => !allowPrivate && isPrivateAddress(entry.address));
        if (refused) return callback(new Error(`${hostname} resolves to the private address ${refused.address}; refused`));
        if ((options as { all?: boolean }).all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      timeout: REQUEST_TIMEOUT_MS,
      lookup: guardedLookup as never,
    });
    request.on('response', (response) => {
      // Read (and discard) at most a little of the answer, so the socket is released.
      response.on('data', () => undefined);
      response.on('end', () => resolve(finish(response.statusCode ?? null, null)));
      response.on('error', (error) => resolve(finish(response.statusCode ?? null, error.message)));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => resolve(finish(null, error.message)));
    request.end(body);
  });
};
