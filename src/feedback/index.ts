// The public face of the feedback room: what other rooms and the composition root may use.
export { registerFeedbackRoutes, type FeedbackRouteDeps } from './routes.ts';
export { recordResponses, type NewResponse, type ResponseRow, type ResponsesRecordedListener } from './responses.ts';
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
