import type PgBoss from 'pg-boss';
import type { Database } from '../platform/database.ts';
import { deliverDueWebhooks } from './webhooks.ts';

/*
 * The webhook delivery job on pg-boss: every minute (pg-boss cron, one run at a time across server
 * nodes) it works through the due outbox rows until none are left. The outbox rows are written
 * inside the responses' transactions, which cannot reach the queue, so the job polls the outbox
 * instead of being sent per event; a delivery therefore leaves within about a minute of its response.
 * Retries are the outbox's own (next_attempt_at with exponential backoff), not pg-boss's.
 */

export const WEBHOOK_QUEUE = 'feedback-webhooks';

export interface WebhookJobDeps {
  database: Database;
  now: () => Date;
}

/** Delivers due webhooks in rounds of 50 until none are due (or `maxRounds` rounds have run). */
export async function drainWebhookOutbox(deps: WebhookJobDeps, maxRounds = 100): Promise<number> {
  let attempted = 0;
  for (let round = 0; round < maxRounds; round++) {
    const count = await deliverDueWebhooks(deps.database, deps.now());
    attempted += count;
    if (count === 0) break;
  }
  return attempted;
}

export async function registerWebhookJobs(queue: PgBoss, deps: WebhookJobDeps): Promise<void> {
  await queue.createQueue(WEBHOOK_QUEUE, { name: WEBHOOK_QUEUE, policy: 'singleton' });
  await queue.work(WEBHOOK_QUEUE, async () => ({ attempted: await drainWebhookOutbox(deps) }));
  await queue.schedule(WEBHOOK_QUEUE, '* * * * *');
}
