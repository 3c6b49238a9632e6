// The public face of the coaching room: what other rooms and the composition root may use.
export { registerCoachingLearningRoutes, type CoachingRouteDeps } from './routes.ts';
export { registerCoachingLearningJobs, runTrainingAssignments, TRAINING_QUEUE, type CoachingJobDeps } from './jobs.ts';
export { assignTrainingForWeakMoments, trainingEffect, type TrainingEffect } from './training.ts';
export { complimentCandidateCollector, forgetDeletedCompliments, registerEngagementRoutes, startComplimentSweep, type EngagementRouteDeps } from './engagement-routes.ts';
