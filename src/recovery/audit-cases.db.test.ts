import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectStatus, passingHallAnswers, setUpAuditOrg, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { auditCaseExternalId } from './index.ts';

/*
 * A failed critical audit item opens a recovery case, through the audits room's
 * CriticalItemsFailedListener as main.ts wires it: in the submitting transaction, one case per run and
 * item, owned by the outlet's manager; a non-critical failure opens none; the rule can be switched off.
 */

let km: TestKeymoment;
let org: AuditOrg;
let call: ReturnType<typeof caller>;
const CRITICAL = 'fees-confirmed';

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpAuditOrg(km, 'Audit Recovery Org');
  call = caller(km);
});
afterAll(async () => km?.dispose());

async function submittedRun(answers: Record<string, { value: 'yes' | 'no' | 'na' | number; note?: string }>): Promise<string> {
  const run = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'walk_through' }), 201).json()
    .runId as string;
  expectStatus(await call(org.manager, 'POST', `/api/v1/audits/runs/${run}/submit`, { answers }), 201);
  return run;
}

async function casesOfRun(runId: string) {
  const { rows } = await km.database.query<{ case_id: string; external_id: string; reason: string; channel: string; owner_id: string | null; moment_key: string; location_id: string; details: Record<string, unknown> }>(
    `select case_id, external_id, reason, channel, owner_id, moment_key, location_id, details from cases where org_id = $1 and details ->> 'runId' = $2`,
    [org.admin.orgId, runId],
  );
  return rows;
}

describe('failed critical audit items', () => {
  it('open one case per run and item, owned by the outlet’s manager, with the auditor’s note', async () => {
    const run = await submittedRun({ ...passingHallAnswers(), [CRITICAL]: { value: 'no', note: '未说明套餐变更费用' }, thanked: { value: 'no', note: 'nobody at the exit' } });
    const cases = await casesOfRun(run);
    // `thanked` failed too but is not critical: only the critical item makes a case.
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      external_id: auditCaseExternalId(run, CRITICAL),
      reason: 'failed_audit_item',
      channel: 'audit',
      owner_id: org.manager.userId,
      location_id: org.outletId,
    });
    expect(cases[0]!.details).toMatchObject({ runId: run, itemKey: CRITICAL, outcome: 'no', comment: '未说明套餐变更费用' });
    const detail = expectStatus(await call(org.manager, 'GET', `/api/v1/cases/${cases[0]!.case_id}`), 200).json();
    expect(detail.case).toMatchObject({ source: 'rule', reason: 'failed_audit_item', status: 'open', summary: '未说明套餐变更费用' });
  });

  it('a run without a failed critical item opens no case', async () => {
    const run = await submittedRun({ ...passingHallAnswers(), thanked: { value: 'no', note: 'nobody at the exit' } });
    expect(await casesOfRun(run)).toEqual([]);
  });

  it('opens nothing where the organisation switched the failed-audit-item rule off', async () => {
    expectStatus(await call(org.admin, 'PUT', '/api/v1/recovery-rules', { rules: [{ kind: 'failed_audit_item', enabled: false }] }), 200);
    try {
      const run = await submittedRun({ ...passingHallAnswers(), [CRITICAL]: { value: 'no', note: '未确认结果' } });
      expect(await casesOfRun(run)).toEqual([]);
    } finally {
      expectStatus(await call(org.admin, 'PUT', '/api/v1/recovery-rules', { rules: [] }), 200);
    }
  });
});
