ALTER TABLE "coaching_staff_links" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "coaching_staff_links" CASCADE;--> statement-breakpoint
ALTER TABLE "coaching_recognitions" DROP CONSTRAINT "coaching_recognitions_member_fk";
--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" DROP CONSTRAINT "coaching_role_play_results_staff_fk";
--> statement-breakpoint
DROP INDEX "coaching_role_play_results_staff_ix";--> statement-breakpoint
ALTER TABLE "coaching_recognitions" ALTER COLUMN "staff_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" ADD COLUMN "staff_id" text NOT NULL;--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" ADD CONSTRAINT "coaching_role_play_results_staff_fk" FOREIGN KEY ("org_id","staff_id") REFERENCES "public"."coaching_staff"("org_id","staff_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coaching_role_play_results_staff_ix" ON "coaching_role_play_results" USING btree ("org_id","staff_id","result_id");--> statement-breakpoint
ALTER TABLE "coaching_recognitions" DROP COLUMN "user_id";--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" DROP COLUMN "staff_user_id";