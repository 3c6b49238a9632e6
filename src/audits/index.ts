// The public face of the audits room: what other rooms and the composition root may use.
export { registerAuditRoutes, type AuditRouteDeps } from './routes.ts';
export { registerAuditJobs, type AuditJobDeps } from './jobs.ts';
export { createLocalEvidenceStorage, resolveUploadsDir, type EvidenceStorage } from './evidence.ts';
export {
  RUN_KINDS,
  scoreAudit,
  meetsTarget,
  type AuditScore,
  type ChecklistDefinition,
  type ChecklistItem,
  type ImprovementStatus,
  type RunKind,
} from './model.ts';
export { complianceTrend, type ComplianceQuery, type ComplianceRow, type CriticalItemsFailedListener, type FailedCriticalItem } from './results.ts';
