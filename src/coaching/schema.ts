/*
 * The coaching room's tables, kept in two files by concern: learning (cards, read receipts, question
 * banks, exams, certificates, training assignments) and engagement (role plays, employee pulse,
 * recognition). drizzle-kit reads this file; the rest of the room imports from here.
 */
export * from './learning-schema.ts';
export * from './engagement-schema.ts';
