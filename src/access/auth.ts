import argon2 from 'argon2';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Logger } from 'pino';
import type { Db } from '../platform/database.ts';
import type { Mailer } from '../platform/mail.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { serverMessages } from '../platform/server-messages.ts';
import { authAccounts, authSessions, authUsers, authVerifications } from './schema.ts';

export const SESSION_COOKIE_PREFIX = 'keymoment';
/** Sessions last a week and slide forward at most once a day of use. */
const SESSION_SECONDS = 7 * 24 * 3600;

export interface AuthOptions {
  db: Db;
  secret: string;
  publicUrl: string;
  mailer: Mailer;
  /** better-auth's own messages (failed sign-ins…) go to our log instead of stderr. */
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
}

/**
 * better-auth owns identities, passwords (argon2id) and sessions (httpOnly cookies). Routes never
 * mount its own HTTP handler: our `/api/v1/auth/*` routes call its API so that every endpoint shares
 * one error shape, one rate limit and one OpenAPI document.
 */
export function createAuth({ db, secret, publicUrl, mailer, logger }: AuthOptions) {
  return betterAuth({
    secret,
    baseURL: publicUrl,
    basePath: '/api/v1/auth',
    telemetry: { enabled: false },
    logger: {
      level: 'info',
      log: (level, message, ...args) => logger?.[level]({ component: 'auth', details: args.length ? args : undefined }, message),
    },
    database: drizzleAdapter(db as never, {
      provider: 'pg',
      schema: { user: authUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    user: {
      additionalFields: { locale: { type: 'string', required: false, input: false } },
    },
    session: { expiresIn: SESSION_SECONDS, updateAge: 24 * 3600 },
    // Our routes do their own rate limiting (shared across nodes in PostgreSQL).
    rateLimit: { enabled: false },
    // Same-origin requests are trusted wherever the server is reached (localhost, a LAN address).
    trustedOrigins: (request) => [publicUrl, originOf(request)],
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      useSecureCookies: publicUrl.startsWith('https://'),
      database: { generateId: () => crypto.randomUUID() },
    },
    emailAndPassword: {
      enabled: true,
      // People join by invitation or the first-run set-up; there is no open sign-up.
      disableSignUp: true,
      minPasswordLength: 8,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 3600,
      password: {
        hash: (password) => argon2.hash(password, { type: argon2.argon2id }),
        verify: ({ hash, password }) => argon2.verify(hash, password),
      },
      async sendResetPassword({ user, token }) {
        const stored = (user as unknown as { locale?: unknown }).locale;
        const locale: Locale = isLocale(stored) ? stored : 'en';
        const messages = serverMessages[locale];
        const url = `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
        await mailer.send({ to: user.email, subject: messages.resetSubject, text: messages.resetBody({ name: user.name, url }) });
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

function originOf(request: Request | undefined): string | undefined {
  if (!request) return undefined;
  const host = request.headers.get('host');
  if (!host) return undefined;
  const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
  return `${proto}://${host}`;
}

/** Creates a person with a password, bypassing the disabled public sign-up (CLI, set-up, invitations). */
export async function createUserWithPassword(
  auth: Auth,
  input: { email: string; name: string; password: string; locale?: string | null },
): Promise<{ id: string; email: string; name: string }> {
  const context = await auth.$context;
  const passwordHash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser({
    email: input.email,
    name: input.name,
    emailVerified: true,
    locale: input.locale ?? null,
  }, { method: 'admin' });
  await context.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: passwordHash,
  });
  return { id: user.id, email: user.email, name: user.name };
}

export async function verifyUserPassword(auth: Auth, userId: string, password: string): Promise<boolean> {
  const context = await auth.$context;
  const accounts = await context.internalAdapter.findAccounts(userId);
  const credential = accounts.find((account) => account.providerId === 'credential');
  if (!credential?.password) return false;
  return context.password.verify({ hash: credential.password, password });
}
