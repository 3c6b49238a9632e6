import path from 'node:path';
import { parseBodyTemplate, type SmsWebhookConfig } from './sms.ts';

/**
 * Everything the server reads from its environment, resolved once at start-up.
 * Precedence: command-line flag > environment variable > default.
 */
export interface KeymomentConfig {
  /** TCP port of the HTTP server. */
  port: number;
  /** Interface to bind; 0.0.0.0 so a phone on the LAN can reach the survey pages. */
  host: string;
  /** `memory://`, a `postgres://` URL, or `pglite://<absolute dir>` for the embedded database. */
  databaseUrl: string;
  /** The embedded database's folder (only meaningful for PGlite). */
  dataDir: string;
  /** Base URL users reach the server at; used in e-mailed links. */
  publicUrl: string;
  /** SMTP connection URL (smtp://user:pass@host:port); unset → e-mails are written to the log. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** SMS through an HTTP webhook (SMS_WEBHOOK_URL, …); unset → text messages are written to the log. */
  sms?: SmsWebhookConfig | undefined;
  logLevel: string;
  /** Start the pg-boss job queue with the server. */
  jobs: boolean;
}

export interface ConfigFlags {
  port?: string | number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  publicUrl?: string;
}

export class ConfigError extends Error {}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): KeymomentConfig {
  const portText = String(flags.port ?? env.PORT ?? '3000');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`--port / PORT must be a whole number from 0 to 65535, got "${portText}"`);
  }
  const host = flags.host ?? env.HOST ?? '0.0.0.0';
  const dataDir = path.resolve(flags.dataDir ?? env.KEYMOMENT_DATA_DIR ?? 'data');
  const explicitUrl = flags.databaseUrl ?? env.DATABASE_URL;
  let databaseUrl: string;
  if (explicitUrl === undefined || explicitUrl === '') {
    databaseUrl = `pglite://${dataDir}`;
  } else if (/^(postgres|postgresql):\/\//.test(explicitUrl) || explicitUrl === 'memory://' || explicitUrl.startsWith('pglite://')) {
    databaseUrl = explicitUrl;
  } else {
    throw new ConfigError(`--database-url / DATABASE_URL must start with postgres://, postgresql:// or be memory://, got "${explicitUrl}"`);
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const publicUrl = (flags.publicUrl ?? env.KEYMOMENT_PUBLIC_URL ?? `http://${shownHost}:${port}`).replace(/\/+$/, '');
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    publicUrl,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Keymoment <no-reply@keymoment.local>',
    sms: smsConfigOf(env),
    logLevel: env.LOG_LEVEL ?? 'info',
    jobs: env.KEYMOMENT_JOBS !== 'off',
  };
}

/**
 * The Keymoment data folder named by a `pglite://` URL, or undefined for other engines. It holds
 * the lock file, the database files (`pgdata/`) and automatic backups (`backups/`).
 */
export function pgliteDirOf(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith('pglite://') ? databaseUrl.slice('pglite://'.length) : undefined;
}

/** PostgreSQL's own files live one level down, so backups and the lock stay outside what is dumped. */
export function pgdataDirOf(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}/pgdata`;
}

/**
 * SMS_WEBHOOK_URL (the gateway's endpoint), SMS_WEBHOOK_AUTH (a header value, e.g. "Bearer abc"),
 * SMS_WEBHOOK_AUTH_HEADER (its name, default Authorization), SMS_WEBHOOK_BODY (a JSON template with
 * {{to}}, {{text}}, {{from}}), SMS_FROM (the sender name or number).
 */
function smsConfigOf(env: NodeJS.ProcessEnv): SmsWebhookConfig | undefined {
  const url = env.SMS_WEBHOOK_URL;
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url)) throw new ConfigError(`SMS_WEBHOOK_URL must start with http:// or https://, got "${url}"`);
  if (env.SMS_WEBHOOK_BODY) {
    try {
      parseBodyTemplate(env.SMS_WEBHOOK_BODY);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  return {
    url,
    ...(env.SMS_WEBHOOK_AUTH ? { authHeader: { name: env.SMS_WEBHOOK_AUTH_HEADER || 'Authorization', value: env.SMS_WEBHOOK_AUTH } } : {}),
    ...(env.SMS_WEBHOOK_BODY ? { bodyTemplate: env.SMS_WEBHOOK_BODY } : {}),
    ...(env.SMS_FROM ? { from: env.SMS_FROM } : {}),
  };
}
