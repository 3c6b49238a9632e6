-- One notifications inbox for the whole product (src/notifications). The recovery room's table becomes
-- the shared one: its kinds are namespaced (`recovery.<kind>`), the case they are about moves into
-- `data.caseId` and `link`. The audits and coaching rooms' own notification tables are copied into it
-- (read state kept; nothing of them is e-mailed after the fact) and dropped.
ALTER TABLE "notifications" ADD COLUMN "link" text;--> statement-breakpoint
UPDATE "notifications" SET
  "kind" = 'recovery.' || "kind",
  "link" = CASE WHEN "case_id" IS NULL THEN '/recovery' ELSE '/cases/' || "case_id" END,
  "data" = CASE WHEN "case_id" IS NULL THEN "data" ELSE "data" || jsonb_build_object('caseId', "case_id") END
WHERE "kind" NOT LIKE '%.%';--> statement-breakpoint
INSERT INTO "notifications" ("org_id", "notification_id", "user_id", "kind", "link", "data", "read_at", "email_status", "created_at")
SELECT n."org_id", n."notification_id", n."user_id", 'audits.' || n."kind",
  CASE WHEN n."action_id" IS NOT NULL THEN '/audits/actions' ELSE '/audits/runs/' || n."run_id" END,
  CASE WHEN n."action_id" IS NOT NULL THEN jsonb_build_object('actionId', n."action_id", 'title', a."title", 'dueAt', a."due_at")
       ELSE jsonb_build_object('runId', n."run_id") END,
  n."read_at", 'none', n."created_at"
FROM "audit_notifications" n
LEFT JOIN "audit_actions" a ON a."org_id" = n."org_id" AND a."action_id" = n."action_id"
-- The shared inbox keys recipients by membership; a person who never was a member has no inbox here.
WHERE EXISTS (SELECT 1 FROM "memberships" m WHERE m."org_id" = n."org_id" AND m."user_id" = n."user_id")
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "notifications" ("org_id", "notification_id", "user_id", "kind", "link", "data", "read_at", "email_status", "created_at")
SELECT n."org_id", n."notification_id", n."user_id", 'coaching.recognition', '/coaching/recognition',
  jsonb_build_object('recognitionId', r."recognition_id", 'audience', n."audience", 'recognitionKind', r."kind", 'staffId', r."staff_id",
    'staffName', s."name", 'quote', r."quote", 'note', r."note", 'month', r."month"),
  n."read_at", 'none', n."created_at"
FROM "coaching_recognition_notifications" n
JOIN "coaching_recognitions" r ON r."org_id" = n."org_id" AND r."recognition_id" = n."recognition_id"
LEFT JOIN "coaching_staff" s ON s."org_id" = r."org_id" AND s."staff_id" = r."staff_id"
ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "audit_notifications" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "coaching_recognition_notifications" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "audit_notifications" CASCADE;--> statement-breakpoint
DROP TABLE "coaching_recognition_notifications" CASCADE;--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_case_fk";
