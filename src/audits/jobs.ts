import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../platform/database.ts';
import { escalateOverdueActions } from './actions.ts';
import { refreshOpenImprovementImpacts } from './improvement-impact-store.ts';
import { createDueScheduledRuns } from './store.ts';

/*
 * The audits room's background work, on the pg-boss queue (PostgreSQL is the only state, so any
 * server node may run a job; both jobs are safe to run twice at once):
 * - every 15 minutes, create the runs whose scheduled date has come at the outlet;
 * - every hour, escalate corrective actions past their due date;
 * - every day, recompute the impact (driver importance × gap to benchmark) of open improvement actions
 *   (overwrites the stored value: running it twice gives the same result).
 */

export const SCHEDULED_RUNS_QUEUE = 'audits-scheduled-runs';
export const ESCALATION_QUEUE = 'audits-escalations';
export const IMPROVEMENT_IMPACT_QUEUE = 'audits-improvement-impact';

export interface AuditJobDeps {
  database: Database;
  now: () => Date;
  logger?: Logger;
}

export async function registerAuditJobs(queue: PgBoss, deps: AuditJobDeps): Promise<void> {
  const db = deps.database.db;
  for (const name of [SCHEDULED_RUNS_QUEUE, ESCALATION_QUEUE, IMPROVEMENT_IMPACT_QUEUE]) await queue.createQueue(name);

  await queue.work(SCHEDULED_RUNS_QUEUE, async () => {
    const created = await createDueScheduledRuns(db, deps.now());
    if (created.length > 0) deps.logger?.info({ runs: created.length }, 'scheduled audit runs created');
    return { created: created.length };
  });
  await queue.work(ESCALATION_QUEUE, async () => {
    const escalated = await escalateOverdueActions(db, deps.now());
    if (escalated.length > 0) deps.logger?.info({ actions: escalated.length }, 'overdue corrective actions escalated');
    return { escalated: escalated.length };
  });
  await queue.work(IMPROVEMENT_IMPACT_QUEUE, async () => {
    const refreshed = await refreshOpenImprovementImpacts(db, deps.now(), (error, row) =>
      deps.logger?.warn({ err: error, orgId: row.orgId, improvementId: row.improvementId }, 'improvement impact not computed'),
    );
    return { refreshed };
  });

  // Cron schedules live in the database, so registering them again on every start is harmless.
  await queue.schedule(SCHEDULED_RUNS_QUEUE, '*/15 * * * *');
  await queue.schedule(ESCALATION_QUEUE, '7 * * * *');
  await queue.schedule(IMPROVEMENT_IMPACT_QUEUE, '23 3 * * *');
}
