import type { FailedCriticalItem } from '../audits/index.ts';
import type { Db } from '../platform/database.ts';
import { evaluateRecoveryRules } from './model.ts';
import { openCaseFromFailedMoment, type FailedMomentOutcome } from './service.ts';
import { loadRecoveryRules } from './store.ts';

/*
 * The audits room's CriticalItemsFailedListener for recovery (wired in main.ts): called inside the
 * transaction that submits an audit run, with the run's failed critical items. Each item is judged by
 * the organisation's `failed_audit_item` rule (the most specific for its journey and moment; switched
 * off there, nothing opens) and a failure opens one case per run and item — the case's external id is
 * `audit:<runId>:<itemKey>`, so the same item of the same run never makes a second case. An audit has
 * no customer: the case is the outlet's to put right (owner by the rule's assignment, by default the
 * outlet manager).
 */

export function auditCaseExternalId(runId: string, itemKey: string): string {
  return `audit:${runId}:${itemKey}`;
}

export interface RecoveredAuditItem {
  runId: string;
  itemKey: string;
  outcome: FailedMomentOutcome;
}

/** The audits room's CriticalItemsFailedListener (main.ts wires it): see recoverAuditItems. */
export async function recoverFromFailedAuditItems(tx: Db, orgId: string, items: readonly FailedCriticalItem[], now: Date): Promise<void> {
  await recoverAuditItems(tx, orgId, items, now);
}

/** Opens the cases of failed critical audit items; returns what it opened (or found) per item. */
export async function recoverAuditItems(tx: Db, orgId: string, items: readonly FailedCriticalItem[], now: Date): Promise<RecoveredAuditItem[]> {
  const done: RecoveredAuditItem[] = [];
  if (items.length === 0) return done;
  const rules = await loadRecoveryRules(tx, orgId);
  for (const item of items) {
    const matches = evaluateRecoveryRules(rules, { journeyKey: item.journeyKey, momentKey: item.momentKey, failedAuditItems: [{ key: item.itemKey, critical: true }] });
    const match = matches.find((candidate) => candidate.reason === 'failed_audit_item');
    if (!match) continue;
    const outcome = await openCaseFromFailedMoment(
      tx,
      orgId,
      {
        externalId: auditCaseExternalId(item.runId, item.itemKey),
        customerRef: null,
        visitId: null,
        journeyKey: item.journeyKey,
        journeyVersion: item.journeyVersion,
        momentKey: item.momentKey,
        locationId: item.locationId,
        reason: 'failed_audit_item',
        assignTo: match.assignTo,
        details: {
          runId: item.runId,
          runKind: item.runKind,
          checklistId: item.checklistId,
          itemKey: item.itemKey,
          itemText: item.itemText,
          outcome: item.outcome,
          score: item.score,
          // The auditor's note is what the case shows as its trigger text.
          comment: item.note,
          matches: [match],
        },
      },
      now,
    );
    done.push({ runId: item.runId, itemKey: item.itemKey, outcome });
  }
  return done;
}
