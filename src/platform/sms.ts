import type { Logger } from 'pino';

/*
 * Text messages through a provider interface. The one real provider is a generic HTTP webhook (most
 * SMS gateways take a JSON POST): its URL, an auth header and a JSON body template come from the
 * environment. Without a URL the message goes to the log, as e-mails do without SMTP_URL.
 */

export interface SmsMessage {
  /** The number in E.164 (+36…, +886…) or whatever the gateway accepts. */
  to: string;
  text: string;
}

export interface SentSms {
  /** The provider's id for the message, when it tells one (delivery receipts refer to it). */
  messageId?: string;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SentSms>;
}

export interface SmsWebhookConfig {
  url: string;
  /** Header name and value sent with every request, e.g. Authorization: Bearer … */
  authHeader?: { name: string; value: string } | undefined;
  /**
   * JSON body template: every string in it has `{{to}}`, `{{text}}` and `{{from}}` replaced
   * (JSON-safe: the values are substituted into parsed strings, never into JSON text).
   */
  bodyTemplate?: string | undefined;
  from?: string | undefined;
  /** Give up on a request after this long. */
  timeoutMs?: number;
}

export const DEFAULT_SMS_BODY_TEMPLATE = '{"to":"{{to}}","text":"{{text}}","from":"{{from}}"}';

export class SmsSendError extends Error {}

function fill(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{\{(to|text|from)\}\}/g, (_match, name: string) => values[name] ?? '');
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values)]));
  return value;
}

/** Checks a body template at start-up, so a typo fails loudly once instead of on every message. */
export function parseBodyTemplate(template: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch (error) {
    throw new Error(`SMS_WEBHOOK_BODY is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!JSON.stringify(parsed).includes('{{text}}')) throw new Error('SMS_WEBHOOK_BODY must contain {{text}} somewhere');
  return parsed;
}

export function createWebhookSmsProvider(config: SmsWebhookConfig): SmsProvider {
  const template = parseBodyTemplate(config.bodyTemplate ?? DEFAULT_SMS_BODY_TEMPLATE);
  return {
    name: 'webhook',
    async send(message) {
      const body = fill(template, { to: message.to, text: message.text, from: config.from ?? '' });
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (config.authHeader) headers[config.authHeader.name] = config.authHeader.value;
      let response: Response;
      try {
        response = await fetch(config.url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(config.timeoutMs ?? 15_000) });
      } catch (error) {
        throw new SmsSendError(`SMS gateway unreachable: ${(error as Error).message}`, { cause: error });
      }
      const text = await response.text();
      if (!response.ok) throw new SmsSendError(`SMS gateway answered ${response.status}: ${text.slice(0, 300)}`);
      // Gateways name their message id differently; take the usual ones when the answer is JSON.
      try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const id = parsed.messageId ?? parsed.message_id ?? parsed.id ?? parsed.sid;
        return typeof id === 'string' || typeof id === 'number' ? { messageId: String(id) } : {};
      } catch {
        return {};
      }
    },
  };
}

export function createLogSmsProvider(log: Logger): SmsProvider {
  return {
    name: 'log',
    async send(message) {
      log.info({ sms: { to: message.to, ...smsSegments(message.text) } }, `SMS (SMS_WEBHOOK_URL not set, not sent):\n${message.text}`);
      return {};
    },
  };
}

/** The webhook provider when a URL is configured, else the log. */
export function createSmsProvider(config: SmsWebhookConfig | undefined, log: Logger): SmsProvider {
  return config ? createWebhookSmsProvider(config) : createLogSmsProvider(log);
}

// ---------- length: GSM-7 or UCS-2 ----------

/** The GSM 03.38 default alphabet (one septet each). */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: an escape septet plus one, so each counts 2. */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units per segment at this length: 160/70 for one message, 153/67 when concatenated. */
  perSegment: number;
}

/**
 * How many SMS segments a text needs. GSM-7 when every character is in the default alphabet or its
 * extension table (160 in one message, 153 per part when split); otherwise UCS-2 (70, or 67 per part),
 * counted in UTF-16 code units, so an emoji takes two. Hungarian ő and ű are not GSM-7 (only ö, ü),
 * so a Hungarian text with them goes UCS-2; Chinese and Cyrillic always do.
 */
export function smsSegments(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const perSegment = septets <= 160 ? 160 : 153;
    return { encoding: 'GSM-7', units: septets, segments: septets === 0 ? 1 : Math.ceil(septets / perSegment), perSegment };
  }
  const units = text.length;
  const perSegment = units <= 70 ? 70 : 67;
  return { encoding: 'UCS-2', units, segments: Math.ceil(units / perSegment), perSegment };
}
