import { readFileSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import type PgBoss from 'pg-boss';
import {
  createAuth,
  installTenantGuard,
  issueSetupToken,
  registerAccessRoutes,
  registerSessionRoutes,
  type Auth,
} from './access/index.ts';
import { createLocalEvidenceStorage, registerAuditJobs, registerAuditRoutes, resolveUploadsDir } from './audits/index.ts';
import {
  complimentCandidateCollector,
  forgetDeletedCompliments,
  registerCoachingLearningJobs,
  registerCoachingLearningRoutes,
  registerEngagementRoutes,
  startComplimentSweep,
} from './coaching/index.ts';
import {
  createInvitationDeps,
  enqueueResponseDeletedWebhooks,
  enqueueResponseWebhooks,
  registerFeedbackRoutes,
  registerInvitationJobs,
  registerWebhookJobs,
  sendFollowUpInvitation,
} from './feedback/index.ts';
import {
  commentAnalysisQueue,
  responseRollups,
  registerInsightJobs,
  registerInsightRoutes,
  removeResponseRollups,
  startCommentSweep,
} from './insights/index.ts';
import { registerJourneyRoutes } from './journeys/index.ts';
import { registerNotificationJobs, registerNotificationRoutes, type NotificationDeps } from './notifications/index.ts';
import { createRecoveryDeps, recoverFromFailedAuditItems, recoverFromResponses, registerRecoveryJobs, registerRecoveryRoutes } from './recovery/index.ts';
import { pgliteDirOf, type KeymomentConfig } from './platform/config.ts';
import { acquireDataDirLock, type DataDirLock } from './platform/data-dir-lock.ts';
import { createAnswerCache, installAnswerCache } from './platform/answer-cache.ts';
import { openDatabase, type Database } from './platform/database.ts';
import { createHttpServer, type HttpServer } from './platform/http-server.ts';
import { loadOrCreateSessionSecret } from './platform/instance-settings.ts';
import { createMailer, type Mailer } from './platform/mail.ts';
import { createSmsProvider, type SmsProvider } from './platform/sms.ts';
import { BACKUP_INTERVAL_MS, backupEmbeddedDatabase } from './platform/backups.ts';
import { runMigrationsWithBackup } from './platform/migrations.ts';
import { createQueue } from './platform/queue.ts';
import { startPlannerStatisticsUpkeep } from './platform/planner-statistics.ts';

/**
 * The composition root: the only module that knows every room. It opens the database (taking the
 * data-directory lock first), migrates, builds the HTTP server and wires the rooms' routes into it.
 */
export interface Keymoment {
  app: HttpServer;
  database: Database;
  auth: Auth;
  queue: PgBoss | undefined;
  mailer: Mailer;
  logger: Logger;
  /** Printed on the very first start; undefined once an organisation exists. */
  setupToken: string | undefined;
  /** Stop taking requests, let running jobs finish, close the database, release the lock. */
  close(): Promise<void>;
}

export interface KeymomentOptions {
  logger?: Logger;
  mailer?: Mailer;
  /** Text messages (survey invitations); default: the SMS_WEBHOOK_URL provider, else the log. */
  sms?: SmsProvider;
  serveWeb?: boolean;
  now?: () => Date;
  /** Name shown in the lock file, e.g. "keymoment start". */
  command?: string;
  /**
   * More routes, registered before the server is ready: those of the CLI layer, which this file may
   * not import (the demo endpoint that `keymoment start` adds, src/cli/demo/demo-routes.ts).
   */
  routes?: ((app: HttpServer, host: RouteHost) => void)[];
}

/** What `KeymomentOptions.routes` get besides the server. */
export interface RouteHost {
  database: Database;
  auth: Auth;
  now: () => Date;
  logger: Logger;
}

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** JSON lines for log collectors; readable lines when a person watches the terminal. */
export function createLogger(level: string): Logger {
  const options = { level, redact: ['req.headers.authorization', 'req.headers.cookie'] };
  if (process.stdout.isTTY && level !== 'silent') {
    return pino(options, pino.transport({ target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' } }));
  }
  return pino(options);
}

/** Opens the configured database, holding the PGlite directory lock while it is open. */
export async function openConfiguredDatabase(
  config: Pick<KeymomentConfig, 'databaseUrl'>,
  command: string,
): Promise<{ database: Database; lock: DataDirLock | undefined }> {
  const dir = pgliteDirOf(config.databaseUrl);
  const lock = dir ? acquireDataDirLock(dir, command) : undefined;
  try {
    return { database: await openDatabase(config.databaseUrl), lock };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export async function createKeymoment(config: KeymomentConfig, options: KeymomentOptions = {}): Promise<Keymoment> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const { database, lock } = await openConfiguredDatabase(config, options.command ?? 'keymoment');
  let queue: PgBoss | undefined;
  let stopCommentSweep: (() => Promise<void>) | undefined;
  let stopComplimentSweep: (() => Promise<void>) | undefined;
  try {
    const dataDir = pgliteDirOf(config.databaseUrl);
    await runMigrationsWithBackup(database, dataDir);
    const mailer = options.mailer ?? createMailer(config.smtpUrl, config.mailFrom, logger);
    const secret = await loadOrCreateSessionSecret(database.db);
    const auth = createAuth({ db: database.db, secret, publicUrl: config.publicUrl, mailer, logger });

    const app = await createHttpServer({ logger, database, version: VERSION, serveWeb: options.serveWeb ?? true });
    installTenantGuard(app, { database, auth, now });
    // Dashboard answers are remembered until the next write where this process is the only writer (PGlite).
    if (database.writeGeneration) installAnswerCache(app, createAnswerCache({ writeGeneration: database.writeGeneration }));
    registerSessionRoutes(app, { database, auth, now });
    registerAccessRoutes(app, { database, mailer, publicUrl: config.publicUrl, now });
    registerJourneyRoutes(app, { database, now });
    // Evidence photos: on local disk (KEYMOMENT_UPLOADS_DIR, else <data dir>/uploads) until S3 storage exists.
    const evidenceStorage = createLocalEvidenceStorage(resolveUploadsDir(process.env, config.dataDir));
    // A failed critical audit item opens a recovery case in the submitting transaction.
    registerAuditRoutes(app, { database, storage: evidenceStorage, publicUrl: config.publicUrl, now, onCriticalItemsFailed: [recoverFromFailedAuditItems] });
    // Survey triggers' invitations go out by e-mail (SMTP) and SMS (the webhook provider) from a job.
    const sms = options.sms ?? createSmsProvider(config.sms, logger);
    const invitations = createInvitationDeps({ database, mailer, sms, publicUrl: config.publicUrl, now, log: logger });
    // Listeners run in the transaction of every stored response (only newly inserted rows).
    registerFeedbackRoutes(app, {
      database,
      now,
      publicUrl: config.publicUrl,
      invitations,
      // In this order: the comment queue and compliment candidates are written by the statement that inserts the responses
      // (statement parts, no round trip of their own); recovery and webhooks then see the inserted rows; the rollups come
      // last: their upsert locks the hot rollup rows (same outlet, moment and day for every answer), held until commit —
      // the shorter, the less concurrent groups wait for each other (7 ms → see BENCHMARKS.md).
      onResponsesRecorded: [commentAnalysisQueue, complimentCandidateCollector, recoverFromResponses, enqueueResponseWebhooks, responseRollups],
      onResponsesDeleted: [removeResponseRollups, enqueueResponseDeletedWebhooks, forgetDeletedCompliments],
    });
    registerInsightRoutes(app, { database, now });
    const recovery = createRecoveryDeps({
      database,
      mailer,
      now,
      publicUrl: config.publicUrl,
      log: logger,
      // The automatic follow-up re-survey: the feedback room issues the invitation `recovery:<caseId>` and e-mails it.
      followUpSurveySender: async (request) => {
        await sendFollowUpInvitation({ database, mailer, publicUrl: config.publicUrl, now }, request.orgId, request);
      },
    });
    registerRecoveryRoutes(app, recovery);
    // The one notifications inbox every room writes to, and its e-mail outbox.
    const notificationDeps: NotificationDeps = { database, mailer, now, publicUrl: config.publicUrl, log: logger };
    registerNotificationRoutes(app, notificationDeps);
    registerCoachingLearningRoutes(app, { database, now });
    registerEngagementRoutes(app, { database, now });
    for (const register of options.routes ?? []) register(app, { database, auth, now, logger });
    await app.ready();

    if (config.jobs) {
      queue = createQueue(database);
      queue.on('error', (error) => logger.error({ err: error }, 'job queue error'));
      await queue.start();
      await registerAuditJobs(queue, { database, now, logger });
      await registerRecoveryJobs(queue, recovery);
      await registerNotificationJobs(queue, notificationDeps);
      await registerInsightJobs(queue, { database, mailer, publicUrl: config.publicUrl, now, logger });
      await registerCoachingLearningJobs(queue, { database, now, logger });
      await registerWebhookJobs(queue, { database, now });
      await registerInvitationJobs(queue, invitations);
      stopCommentSweep = startCommentSweep({ database, now, logger });
      // Compliments are found after the comment analysis above has labelled a comment's sentiment.
      stopComplimentSweep = startComplimentSweep({ database, now, logger });
    }
    const setupToken = await issueSetupToken(database.db);
    // PGlite has no autovacuum: without this the planner treats every table filled since start-up as empty.
    const stopStatisticsUpkeep = startPlannerStatisticsUpkeep(database, logger);
    const backupTimer = dataDir
      ? setInterval(() => {
          backupEmbeddedDatabase(database, dataDir, 'daily').then(
            (file) => logger.info({ file }, 'embedded database backed up'),
            (error: unknown) => logger.error({ err: error }, 'embedded database backup failed'),
          );
        }, BACKUP_INTERVAL_MS).unref()
      : undefined;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        clearInterval(backupTimer);
        await stopStatisticsUpkeep();
        await stopCommentSweep?.();
        await stopComplimentSweep?.();
        await app.close();
        if (queue) await queue.stop({ graceful: true, wait: true, timeout: 30_000 });
        await database.close();
        lock?.release();
      })());
    return { app, database, auth, queue, mailer, logger, setupToken, close };
  } catch (error) {
    await stopCommentSweep?.().catch(() => undefined);
    await stopComplimentSweep?.().catch(() => undefined);
    if (queue) await queue.stop({ graceful: false, wait: true }).catch(() => undefined);
    await database.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}
