import type PgBoss from 'pg-boss';
import { checkCaseSla, SLA_QUEUE, SWEEP_QUEUE, sweep, type RecoveryDeps, type SlaJob } from './service.ts';

/*
 * The recovery room's jobs on pg-boss. Both live in PostgreSQL, so they survive restarts and run on
 * whichever server node fetches them:
 * - recovery.sla: one delayed job per case and deadline (sendAfter at the due time, a singleton key
 *   per case + deadline + due time on a `stately` queue). It breaches, escalates, reminds.
 * - recovery.sweep: every minute (pg-boss cron), every case whose next_timer_at has passed, and the
 *   e-mail outbox. It covers the cases opened inside another room's transaction (which cannot reach
 *   the queue), jobs lost between a commit and their scheduling, and mail that failed.
 */

export interface RecoveryJobOptions {
  /** How often workers look for due jobs (pg-boss's default is 2 s; tests go faster). */
  pollingIntervalSeconds?: number;
}

export async function registerRecoveryJobs(queue: PgBoss, deps: RecoveryDeps, options: RecoveryJobOptions = {}): Promise<void> {
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await queue.createQueue(SLA_QUEUE, { name: SLA_QUEUE, policy: 'stately', retryLimit: 5, retryDelay: 30, retryBackoff: true });
  await queue.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: 'singleton' });
  await queue.work<SlaJob>(SLA_QUEUE, { ...polling, batchSize: 10 }, async (jobs) => {
    for (const job of jobs) await checkCaseSla(deps, job.data.orgId, job.data.caseId);
  });
  await queue.work(SWEEP_QUEUE, polling, async () => {
    await sweep(deps);
  });
  await queue.schedule(SWEEP_QUEUE, '* * * * *');
  // From now on writes schedule their timers directly.
  deps.queue = queue;
}
