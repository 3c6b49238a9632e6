// The public face of the notifications room: the one inbox every room writes to.
export { plainMail, registerNotificationKinds, textIn, type NotificationKindDefinition, type NotificationMail, type NotificationTexts, type RenderContext } from './model.ts';
export { createNotifications, MAX_EMAIL_ATTEMPTS, type NotificationDraft, type NotificationRow } from './store.ts';
export { deliverNotificationEmails, deliverNotificationEmailsSoon, OUTBOX_QUEUE, registerNotificationJobs, type NotificationDeps } from './outbox.ts';
export { registerNotificationRoutes, type NotificationRouteDeps } from './routes.ts';
