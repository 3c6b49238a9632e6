CREATE TABLE "insight_rollups_staff_week" (
	"org_id" text NOT NULL,
	"week" date NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"nps_promoters" integer DEFAULT 0 NOT NULL,
	"nps_passives" integer DEFAULT 0 NOT NULL,
	"nps_detractors" integer DEFAULT 0 NOT NULL,
	"csat_n" integer DEFAULT 0 NOT NULL,
	"csat_sum" integer DEFAULT 0 NOT NULL,
	"csat_sum_squares" integer DEFAULT 0 NOT NULL,
	"csat_top_box" integer DEFAULT 0 NOT NULL,
	"ces_n" integer DEFAULT 0 NOT NULL,
	"ces_sum" integer DEFAULT 0 NOT NULL,
	"ces_sum_squares" integer DEFAULT 0 NOT NULL,
	"ces_easy" integer DEFAULT 0 NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_rollups_staff_week_org_id_week_journey_key_moment_key_location_id_staff_id_pk" PRIMARY KEY("org_id","week","journey_key","moment_key","location_id","staff_id")
);
--> statement-breakpoint
ALTER TABLE "insight_rollups_staff_week" ADD CONSTRAINT "insight_rollups_staff_week_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill from the fine daily rollups (src/insights/rollups.ts keeps both in step from now on).
INSERT INTO "insight_rollups_staff_week" SELECT org_id, date_trunc('week', day)::date, journey_key, moment_key, location_id, staff_id,
  sum(responses), sum(nps_promoters), sum(nps_passives), sum(nps_detractors), sum(csat_n), sum(csat_sum), sum(csat_sum_squares), sum(csat_top_box),
  sum(ces_n), sum(ces_sum), sum(ces_sum_squares), sum(ces_easy), sum(comments)
FROM insight_rollups_fine GROUP BY 1, 2, 3, 4, 5, 6;
