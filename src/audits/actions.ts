import { and, asc, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { getLocation } from '../access/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import {
  allowedImprovementSteps,
  escalationDue,
  improvementTransitionAllowed,
  isValidDate,
  manualActionTransition,
  type ActionStatus,
  type ImprovementSource,
  type ImprovementStatus,
} from './model.ts';
import { isActiveMember, listEscalationRecipients } from './people.ts';
import { auditActionEvents, auditActions, auditRuns, improvementActions } from './schema.ts';
import { addNotification } from './store.ts';

/*
 * Corrective actions (opened by failed items, verified by the next audit), their escalation, the
 * room's in-app notifications, and improvement actions (plan → do → check → act).
 */

export type ActionRow = typeof auditActions.$inferSelect;
export type ActionEventRow = typeof auditActionEvents.$inferSelect;
export type ImprovementRow = typeof improvementActions.$inferSelect;

// ---------- corrective actions ----------

export async function getAction(db: Db, orgId: string, actionId: string): Promise<ActionRow> {
  const [row] = await db.select().from(auditActions).where(and(eq(auditActions.orgId, orgId), eq(auditActions.actionId, actionId)));
  if (!row) throw new NotFoundError('Action');
  return row;
}

export async function listActionEvents(db: Db, orgId: string, actionId: string): Promise<ActionEventRow[]> {
  return db
    .select()
    .from(auditActionEvents)
    .where(and(eq(auditActionEvents.orgId, orgId), eq(auditActionEvents.actionId, actionId)))
    .orderBy(asc(auditActionEvents.eventId));
}

export interface ActionFilter {
  limit: number;
  cursor?: string;
  within?: string[];
  locationId?: string;
  status?: ActionStatus;
  ownerUserId?: string;
  checklistId?: string;
  sourceRunId?: string;
  overdueAt?: Date;
}

/** Newest first. */
export async function listActions(db: Db, orgId: string, filter: ActionFilter): Promise<Page<ActionRow>> {
  if (filter.within && filter.within.length === 0) return { items: [], nextCursor: null };
  const before = decodeCursor(filter.cursor);
  const rows = await db
    .select()
    .from(auditActions)
    .where(
      and(
        eq(auditActions.orgId, orgId),
        before ? lt(auditActions.actionId, before) : undefined,
        filter.within ? inArray(auditActions.locationId, filter.within) : undefined,
        filter.locationId ? eq(auditActions.locationId, filter.locationId) : undefined,
        filter.status ? eq(auditActions.status, filter.status) : undefined,
        filter.ownerUserId ? eq(auditActions.ownerUserId, filter.ownerUserId) : undefined,
        filter.checklistId ? eq(auditActions.checklistId, filter.checklistId) : undefined,
        filter.sourceRunId ? eq(auditActions.sourceRunId, filter.sourceRunId) : undefined,
        filter.overdueAt ? and(eq(auditActions.status, 'open'), lt(auditActions.dueAt, filter.overdueAt)) : undefined,
      ),
    )
    .orderBy(desc(auditActions.actionId))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit, (row) => row.actionId);
}

/**
 * What people change on an action: open ↔ done, the owner, the due date, the note. Verification is
 * not among them: only the next audit of the item verifies an action (or reopens it).
 */
export async function updateAction(
  db: Db,
  orgId: string,
  actionId: string,
  patch: { status?: 'open' | 'done'; ownerUserId?: string | null; dueAt?: Date; note?: string | null },
  by: { userId: string | null; now: Date },
): Promise<ActionRow> {
  const current = await getAction(db, orgId, actionId);
  if (current.status === 'verified') throw conflict('this action was verified by an audit and is closed');
  const transition = patch.status !== undefined && patch.status !== current.status ? manualActionTransition(current.status, patch.status) : undefined;
  if (patch.status !== undefined && patch.status !== current.status && !transition) {
    throw badRequest('status', `an action goes from ${current.status} to ${current.status === 'open' ? 'done' : 'open'}; the next audit verifies it`);
  }
  if (patch.ownerUserId && !(await isActiveMember(db, orgId, patch.ownerUserId))) {
    throw badRequest('ownerUserId', 'ownerUserId does not name an active member of this organisation');
  }
  const reassigned = patch.ownerUserId !== undefined && patch.ownerUserId !== current.ownerUserId;
  const rescheduled = patch.dueAt !== undefined && patch.dueAt.getTime() !== current.dueAt.getTime();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(auditActions)
      .set({
        ...(transition ? { status: patch.status, doneAt: patch.status === 'done' ? by.now : null } : {}),
        ...(patch.ownerUserId !== undefined ? { ownerUserId: patch.ownerUserId } : {}),
        // A new due date starts the escalation over.
        ...(rescheduled ? { dueAt: patch.dueAt, escalationLevel: 0, escalatedAt: null } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        updatedAt: by.now,
      })
      .where(and(eq(auditActions.orgId, orgId), eq(auditActions.actionId, actionId), eq(auditActions.status, current.status)))
      .returning();
    if (!row) throw conflict('the action changed in the meantime; reload it');
    const event = (kind: ActionEventRow['kind'], note: string | null = null) =>
      tx.insert(auditActionEvents).values({ orgId, eventId: newId(by.now.getTime()), actionId, kind, userId: by.userId, note, createdAt: by.now });
    if (transition) await event(transition, patch.note ?? null);
    if (reassigned) {
      await event('reassigned');
      if (patch.ownerUserId) await addNotification(tx, orgId, { userId: patch.ownerUserId, kind: 'action_assigned', actionId, data: { title: row.title, dueAt: row.dueAt }, now: by.now });
    }
    if (rescheduled) await event('rescheduled');
    return row;
  });
}

/**
 * Escalates open actions past their due date: at once, then every further week (level 1, 2 …).
 * The owner and the CX managers above the outlet get an in-app notification each time. Runs for every
 * organisation, one at a time (the job calls it).
 */
export async function escalateOverdueActions(db: Db, now: Date): Promise<{ orgId: string; actionId: string; level: number }[]> {
  const overdue = await db
    .select()
    .from(auditActions)
    .where(and(eq(auditActions.status, 'open'), lt(auditActions.dueAt, now)))
    .orderBy(asc(auditActions.orgId), asc(auditActions.actionId))
    .limit(1000);
  const escalated: { orgId: string; actionId: string; level: number }[] = [];
  for (const action of overdue) {
    if (!escalationDue(action, now)) continue;
    const recipients = new Set(await listEscalationRecipients(db, action.orgId, action.locationId));
    if (action.ownerUserId) recipients.add(action.ownerUserId);
    const level = action.escalationLevel + 1;
    await db.transaction(async (tx) => {
      // Compare-and-set on the level: two nodes running the job escalate each step once.
      const [row] = await tx
        .update(auditActions)
        .set({ escalationLevel: level, escalatedAt: now, updatedAt: now })
        .where(and(eq(auditActions.orgId, action.orgId), eq(auditActions.actionId, action.actionId), eq(auditActions.escalationLevel, action.escalationLevel)))
        .returning();
      if (!row) return;
      await tx.insert(auditActionEvents).values({
        orgId: action.orgId,
        eventId: newId(now.getTime()),
        actionId: action.actionId,
        kind: 'escalated',
        note: `level ${level}`,
        createdAt: now,
      });
      for (const userId of recipients) await addNotification(tx, action.orgId, { userId, kind: 'action_overdue', actionId: action.actionId, data: { title: action.title, dueAt: action.dueAt, level }, now });
      escalated.push({ orgId: action.orgId, actionId: action.actionId, level });
    });
  }
  return escalated;
}

// ---------- improvement actions ----------

export interface NewImprovement {
  title: string;
  journeyKey: string;
  momentKey: string;
  locationId?: string | null;
  source: { kind: ImprovementSource; runId?: string | null; caseId?: string | null };
  hypothesis: string;
  ownerUserId?: string | null;
  startDate: string;
  notes?: string | null;
  idempotencyKey?: string | null;
  createdBy: string | null;
  now: Date;
}

export async function getImprovement(db: Db, orgId: string, improvementId: string): Promise<ImprovementRow> {
  const [row] = await db.select().from(improvementActions).where(and(eq(improvementActions.orgId, orgId), eq(improvementActions.improvementId, improvementId)));
  if (!row) throw new NotFoundError('Improvement action');
  return row;
}

async function findImprovementByKey(db: Db, orgId: string, key: string): Promise<ImprovementRow | undefined> {
  const [row] = await db.select().from(improvementActions).where(and(eq(improvementActions.orgId, orgId), eq(improvementActions.idempotencyKey, key)));
  return row;
}

export async function createImprovement(db: Db, orgId: string, input: NewImprovement): Promise<{ improvement: ImprovementRow; created: boolean }> {
  if (input.idempotencyKey) {
    const existing = await findImprovementByKey(db, orgId, input.idempotencyKey);
    if (existing) return { improvement: existing, created: false };
  }
  if (!isValidDate(input.startDate)) throw badRequest('startDate', 'startDate must be a real calendar date, YYYY-MM-DD');
  if (input.locationId) {
    try {
      await getLocation(db, orgId, input.locationId);
    } catch (error) {
      if (error instanceof NotFoundError) throw badRequest('locationId', 'locationId does not name a location of this organisation');
      throw error;
    }
  }
  if (input.ownerUserId && !(await isActiveMember(db, orgId, input.ownerUserId))) {
    throw badRequest('ownerUserId', 'ownerUserId does not name an active member of this organisation');
  }
  const { kind, runId, caseId } = input.source;
  if (kind === 'audit') {
    if (!runId) throw badRequest('source.runId', 'an improvement from an audit names the audit run');
    const [run] = await db.select({ runId: auditRuns.runId }).from(auditRuns).where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.runId, runId)));
    if (!run) throw badRequest('source.runId', 'source.runId does not name an audit run of this organisation');
  } else if (runId) {
    throw badRequest('source.runId', 'source.runId is only for improvements from an audit');
  }
  if (kind === 'case' && !caseId) throw badRequest('source.caseId', 'an improvement from a case names the case');
  if (kind !== 'case' && caseId) throw badRequest('source.caseId', 'source.caseId is only for improvements from a case');
  const [row] = await db
    .insert(improvementActions)
    .values({
      orgId,
      improvementId: newId(input.now.getTime()),
      title: input.title.trim(),
      journeyKey: input.journeyKey,
      momentKey: input.momentKey,
      locationId: input.locationId ?? null,
      sourceKind: kind,
      sourceRunId: runId ?? null,
      sourceCaseId: caseId ?? null,
      hypothesis: input.hypothesis.trim(),
      ownerUserId: input.ownerUserId ?? null,
      startDate: input.startDate,
      notes: input.notes ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      createdBy: input.createdBy,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    const existing = input.idempotencyKey ? await findImprovementByKey(db, orgId, input.idempotencyKey) : undefined;
    if (!existing) throw conflict('the improvement action could not be created; try again');
    return { improvement: existing, created: false };
  }
  return { improvement: row, created: true };
}

export interface ImprovementFilter {
  limit: number;
  cursor?: string;
  status?: ImprovementStatus;
  journeyKey?: string;
  momentKey?: string;
  /** Improvements whose subtree root is one of these, plus the organisation-wide ones. */
  within?: string[];
}

export async function listImprovements(db: Db, orgId: string, filter: ImprovementFilter): Promise<Page<ImprovementRow>> {
  const after = decodeCursor(filter.cursor);
  const conditions: (SQL | undefined)[] = [
    eq(improvementActions.orgId, orgId),
    after ? gt(improvementActions.improvementId, after) : undefined,
    filter.status ? eq(improvementActions.status, filter.status) : undefined,
    filter.journeyKey ? eq(improvementActions.journeyKey, filter.journeyKey) : undefined,
    filter.momentKey ? eq(improvementActions.momentKey, filter.momentKey) : undefined,
  ];
  if (filter.within) {
    conditions.push(
      filter.within.length > 0
        ? sql`(${improvementActions.locationId} is null or ${inArray(improvementActions.locationId, filter.within)})`
        : isNull(improvementActions.locationId),
    );
  }
  const rows = await db
    .select()
    .from(improvementActions)
    .where(and(...conditions))
    .orderBy(asc(improvementActions.improvementId))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit, (row) => row.improvementId);
}

export async function updateImprovement(
  db: Db,
  orgId: string,
  improvementId: string,
  patch: { title?: string; hypothesis?: string; ownerUserId?: string | null; status?: ImprovementStatus; notes?: string | null; startDate?: string },
  now: Date,
): Promise<ImprovementRow> {
  const current = await getImprovement(db, orgId, improvementId);
  if (patch.status !== undefined && !improvementTransitionAllowed(current.status, patch.status)) {
    const next = allowedImprovementSteps(current.status);
    throw badRequest('status', `from ${current.status} an improvement goes to ${next.length > 0 ? next.join(' or ') : 'nowhere (it is closed)'}`);
  }
  if (patch.startDate !== undefined && !isValidDate(patch.startDate)) throw badRequest('startDate', 'startDate must be a real calendar date, YYYY-MM-DD');
  if (patch.ownerUserId && !(await isActiveMember(db, orgId, patch.ownerUserId))) {
    throw badRequest('ownerUserId', 'ownerUserId does not name an active member of this organisation');
  }
  const newCycle = current.status === 'act' && patch.status === 'plan';
  const [row] = await db
    .update(improvementActions)
    .set({
      ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
      ...(patch.hypothesis !== undefined ? { hypothesis: patch.hypothesis.trim() } : {}),
      ...(patch.ownerUserId !== undefined ? { ownerUserId: patch.ownerUserId } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.startDate !== undefined ? { startDate: patch.startDate } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(newCycle ? { cycle: current.cycle + 1 } : {}),
      ...(patch.status === 'closed' && current.status !== 'closed' ? { closedAt: now } : {}),
      updatedAt: now,
    })
    .where(and(eq(improvementActions.orgId, orgId), eq(improvementActions.improvementId, improvementId), eq(improvementActions.status, current.status)))
    .returning();
  if (!row) throw conflict('the improvement action changed in the meantime; reload it');
  return row;
}
