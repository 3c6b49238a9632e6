// The public face of the recovery room: what other rooms and the composition root may use.
export { registerRecoveryRoutes } from './routes.ts';
export { registerRecoveryJobs, type RecoveryJobOptions } from './jobs.ts';
export {
  createRecoveryDeps,
  onFollowUpSurveyAnswered,
  openCaseFromFailedMoment,
  recoverFailedMoment,
  type FailedMoment,
  type FailedMomentOutcome,
  type FollowUpSurveyAnswer,
  type FollowUpSurveyOutcome,
  type FollowUpSurveySender,
  type RecoveryDeps,
} from './service.ts';
export { loadRecoveryRules } from './store.ts';
export { openCasesOfOutlet, type OutletCase, type OutletCases } from './outlet-cases.ts';
export { auditCaseExternalId, recoverAuditItems, recoverFromFailedAuditItems, type RecoveredAuditItem } from './audit-listener.ts';
export { FOLLOW_UP_INVITATION_PREFIX, followUpInvitationId, recoverFromResponses, recoverResponses, type RecoveredResponse } from './responses-listener.ts';
export { addBusinessTime, businessMinutesBetween, type BusinessCalendar, type CalendarDay, type WeekHours } from './business-time.ts';
export {
  CASE_REASONS,
  STEP_KEYS,
  evaluateRecoveryRules,
  isRecoveredScore,
  type CaseReason,
  type MomentOutcome,
  type RecoveryRule,
  type RuleMatch,
  type StepKey,
} from './model.ts';
