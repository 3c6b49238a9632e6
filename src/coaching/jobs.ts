import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../platform/database.ts';
import { assignTrainingForWeakMoments, listCoachingOrgIds } from './training.ts';

/*
 * The learning half's background work on pg-boss: daily at 05:30 UTC, assign the card and re-test of
 * every moment a staff member or their outlet scores below benchmark (training.ts). Safe to run twice
 * at once: an assignment exists once per staff member, moment and journey version.
 */

export const TRAINING_QUEUE = 'coaching-training-assignments';

export interface CoachingJobDeps {
  database: Database;
  now: () => Date;
  logger?: Logger | undefined;
  /** Answers a score needs before training is assigned (default 30). */
  minAnswers?: number | undefined;
}

export async function runTrainingAssignments(deps: CoachingJobDeps): Promise<{ created: number }> {
  let created = 0;
  for (const orgId of await listCoachingOrgIds(deps.database.db)) {
    created += (await assignTrainingForWeakMoments(deps.database.db, orgId, deps.now(), { minAnswers: deps.minAnswers })).length;
  }
  return { created };
}

export async function registerCoachingLearningJobs(queue: PgBoss, deps: CoachingJobDeps): Promise<void> {
  await queue.createQueue(TRAINING_QUEUE);
  await queue.work(TRAINING_QUEUE, async () => {
    const result = await runTrainingAssignments(deps);
    if (result.created > 0) deps.logger?.info(result, 'coaching training assigned');
    return result;
  });
  // Cron schedules live in the database, so registering them again on every start is harmless.
  await queue.schedule(TRAINING_QUEUE, '30 5 * * *');
}
