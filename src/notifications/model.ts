import type { Locale } from '../platform/locales.ts';

/*
 * The registry of notification kinds. The inbox itself knows no domain: each room registers the kinds
 * it writes (`<room>.<what>`), whether they are e-mailed, and how their texts read in each of the five
 * languages. The registry is code, identical in every server process (no state to share between nodes):
 * a room registers its kinds when the module that writes them is loaded, so a kind is always known
 * before a notification of it exists.
 */

/** What a room's text renderer gets: the stored data, and people's names when the data names them. */
export interface RenderContext {
  locale: Locale;
  data: Record<string, unknown>;
  /** The recipient's name (for a greeting). */
  recipientName: string;
  /** A member's display name, when the data names one (e.g. who assigned a case); undefined if unknown. */
  nameOf(userId: unknown): string | undefined;
  /** Absolute URL of the notification's link (for e-mails); the organisation's public URL when no link. */
  url: string;
}

export interface NotificationTexts {
  /** One line for the inbox (and the bell). */
  title: string;
  /** An optional second line (what it is about). */
  body?: string;
}

export interface NotificationMail {
  subject: string;
  text: string;
}

export interface NotificationKindDefinition {
  /** Also sent by e-mail (through the outbox) in the recipient's language. */
  email: boolean;
  render(context: RenderContext): NotificationTexts;
  /** The e-mail; required when `email` is true. */
  mail?(context: RenderContext): NotificationMail;
}

const KIND_NAME = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/;
const registry = new Map<string, NotificationKindDefinition>();

/**
 * A room registers its kinds, e.g. `registerNotificationKinds({ 'coaching.recognition': { email: true, … } })`.
 * Registering the same kind again replaces it (modules may be loaded again by a test runner).
 */
export function registerNotificationKinds(kinds: Record<string, NotificationKindDefinition>): void {
  for (const [kind, definition] of Object.entries(kinds)) {
    if (!KIND_NAME.test(kind)) throw new Error(`notification kind "${kind}" must be "<room>.<what>"`);
    if (definition.email && !definition.mail) throw new Error(`notification kind "${kind}" is e-mailed but has no mail text`);
    registry.set(kind, definition);
  }
}

export function notificationKind(kind: string): NotificationKindDefinition | undefined {
  return registry.get(kind);
}

const UNKNOWN_KIND: Record<Locale, string> = {
  en: 'Notification',
  'zh-CN': '通知',
  'zh-TW': '通知',
  ru: 'Уведомление',
  hu: 'Értesítés',
};

/** The texts of a stored notification; a kind no room registers any more still shows something. */
export function renderNotification(kind: string, context: RenderContext): NotificationTexts {
  const definition = registry.get(kind);
  if (!definition) return { title: UNKNOWN_KIND[context.locale] };
  try {
    return definition.render(context);
  } catch {
    // Old rows may lack data a newer renderer expects: never let one row break the whole inbox.
    return { title: UNKNOWN_KIND[context.locale] };
  }
}

/** Text of a stored string or a per-language map (`{ en: …, 'zh-CN': … }`) in the reader's language. */
export function textIn(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    const picked = map[locale] ?? map.en ?? Object.values(map).find((entry) => typeof entry === 'string');
    return typeof picked === 'string' ? picked : '';
  }
  return '';
}

const GREETING: Record<Locale, (name: string) => string> = {
  en: (name) => `Hello ${name},`,
  'zh-CN': (name) => `${name}，您好：`,
  'zh-TW': (name) => `${name}，您好：`,
  ru: (name) => `Здравствуйте, ${name}!`,
  hu: (name) => `Kedves ${name}!`,
};

const OPEN: Record<Locale, string> = {
  en: 'Open it in Keymoment:',
  'zh-CN': '在 Keymoment 中打开：',
  'zh-TW': '在 Keymoment 中開啟：',
  ru: 'Открыть в Keymoment:',
  hu: 'Megnyitás a Keymomentben:',
};

/** A plain e-mail made of a kind's inbox texts, for rooms whose e-mail says no more than the inbox line. */
export function plainMail(context: RenderContext, texts: NotificationTexts): NotificationMail {
  const body = texts.body ? `\n\n${texts.body}` : '';
  return { subject: texts.title, text: `${GREETING[context.locale](context.recipientName)}\n\n${texts.title}${body}\n\n${OPEN[context.locale]}\n${context.url}` };
}
