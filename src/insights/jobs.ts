import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../platform/database.ts';
import type { Mailer } from '../platform/mail.ts';
import { runAlerts } from './alerts.ts';
import { drainPendingComments } from './comments.ts';
import { ANALYSIS_QUEUE, ANALYSIS_REFRESH_QUEUE, bindAnalysisQueue, refreshAnalyses, runAnalysisJob, type AnalysisJob } from './stored-analyses.ts';

/*
 * The insights room's background work on pg-boss (PostgreSQL is the only state, so any node may run
 * a job, and both are safe to run twice at once):
 * - insights-alerts, daily at 06:00 UTC: judge last week's moments, raise and mail alerts (alerts.ts);
 * - insights-comments, every minute: analyse pending comments (comments.ts). While the server runs,
 *   a short in-process sweep (startCommentSweep) also drains them every few seconds, so the inbox
 *   shows sentiment soon after a response arrives.
 * - insights-analysis, on demand: compute and store one drivers / peak–end scope (stored-analyses.ts);
 *   `stately` with a per-scope singletonKey, so a burst of requests for one scope runs it once;
 * - insights-analysis-refresh, every 15 minutes: enqueue the dashboard's default scopes and recently
 *   read scopes whose data changed.
 */

export const ALERTS_QUEUE = 'insights-alerts';
export const COMMENTS_QUEUE = 'insights-comments';

export interface InsightJobDeps {
  database: Database;
  mailer: Mailer;
  publicUrl: string;
  now: () => Date;
  logger?: Logger | undefined;
}

export async function registerInsightJobs(queue: PgBoss, deps: InsightJobDeps): Promise<void> {
  for (const name of [ALERTS_QUEUE, COMMENTS_QUEUE]) await queue.createQueue(name);
  await queue.work(ALERTS_QUEUE, async () => {
    const result = await runAlerts(deps);
    if (result.created > 0 || result.mailed > 0) deps.logger?.info(result, 'insight alerts raised');
    return result;
  });
  await queue.work(COMMENTS_QUEUE, async () => {
    const analysed = await drainPendingComments(deps.database, deps.now);
    return { analysed };
  });
  // Cron schedules live in the database, so registering them again on every start is harmless.
  await queue.schedule(ALERTS_QUEUE, '0 6 * * *');
  await queue.schedule(COMMENTS_QUEUE, '* * * * *');

  await queue.createQueue(ANALYSIS_QUEUE, { name: ANALYSIS_QUEUE, policy: 'stately' });
  await queue.createQueue(ANALYSIS_REFRESH_QUEUE, { name: ANALYSIS_REFRESH_QUEUE, policy: 'singleton' });
  await queue.work<AnalysisJob>(ANALYSIS_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => runAnalysisJob(deps.database, job!.data, deps.now()));
  await queue.work(ANALYSIS_REFRESH_QUEUE, async () => {
    const result = await refreshAnalyses(deps.database, queue, deps.now());
    if (result.enqueued > 0) deps.logger?.info(result, 'insight analyses to refresh enqueued');
    return result;
  });
  await queue.schedule(ANALYSIS_REFRESH_QUEUE, '*/15 * * * *');
  // And once at start-up, so the default scopes are stored soon after a deploy, not within 15 minutes.
  await queue.send(ANALYSIS_REFRESH_QUEUE, {});
  // From now on the drivers / peak–end endpoints enqueue instead of computing on request.
  bindAnalysisQueue(deps.database, queue);
}

/**
 * Drains pending comments every `intervalMs` while the process runs (one pass at a time). Returns the
 * stop function; main.ts calls it on shutdown before the database closes.
 */
export function startCommentSweep(deps: Pick<InsightJobDeps, 'database' | 'now' | 'logger'>, intervalMs = 5_000): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = drainPendingComments(deps.database, deps.now, 20)
      .catch((error: unknown) => deps.logger?.error({ err: error }, 'comment analysis sweep failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
