-- The case a notification is about now lives in data.caseId and link (0019).
ALTER TABLE "notifications" DROP COLUMN "case_id";