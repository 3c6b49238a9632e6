// The public face of the insights room: what other rooms and the composition root may use.
export { commentAnalysisQueue, hasComment, rebuildRollups, removeResponseRollups, responseRollups } from './rollups.ts';
export { registerInsightRoutes, type InsightRouteDeps } from './routes.ts';
export { registerInsightJobs, startCommentSweep, ALERTS_QUEUE, COMMENTS_QUEUE, type InsightJobDeps } from './jobs.ts';
export { analysePendingComments, drainPendingComments } from './comments.ts';
export { findCommentAnalyses, type CommentAnalysisRow } from './store.ts';
export { runAlerts, evaluateOrgAlerts, mailPendingAlerts } from './alerts.ts';
export { scoreReport, journeyHeatmap, type ScoreReport, type ScoreRow, type Heatmap } from './scores.ts';
export { clearInsightAnalysisCache, driversReport, MIN_DRIVER_VISITS, type DriversReport } from './drivers.ts';
