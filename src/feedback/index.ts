// The public face of the feedback room: what other rooms and the composition root may use.
export { registerFeedbackRoutes, type FeedbackRouteDeps } from './routes.ts';
export type { ImportRunView, ImportUploadView } from './import-routes.ts';
export {
  deleteResponse,
  deleteResponses,
  recordResponses,
  type NewResponse,
  type ResponseRow,
  runStatementParts,
  type ResponsesDeletedListener,
  type ResponsesRecordedFunction,
  type ResponsesRecordedListener,
  type ResponsesRecordedPart,
} from './responses.ts';
export {
  QUESTION_TYPES,
  SURVEY_CHANNELS,
  SURVEY_KINDS,
  extractScores,
  type Answer,
  type Answers,
  type Question,
  type QuestionType,
  type SurveyChannel,
  type SurveyDefinition,
  type SurveyKind,
} from './model.ts';
// Webhooks: the outbox listeners (wired into onResponsesRecorded / onResponsesDeleted) and the delivery job.
export { enqueueResponseDeletedWebhooks, enqueueResponseWebhooks } from './webhooks.ts';
export { drainWebhookOutbox, registerWebhookJobs, WEBHOOK_QUEUE } from './webhook-jobs.ts';
// Survey triggers: the invitation sender (e-mail, SMS) and its job.
export { createInvitationDeps, INVITATIONS_QUEUE, registerInvitationJobs, sendDueDeliveries, type InvitationDeps } from './deliveries.ts';
// The re-survey of a service-recovery follow-up (invitation `recovery:<caseId>` + its e-mail).
export {
  followUpSurveyProblem,
  sendFollowUpInvitation,
  type FollowUpInvitationDeps,
  type FollowUpInvitationRequest,
  type FollowUpInvitationResult,
} from './follow-up-invitation.ts';
