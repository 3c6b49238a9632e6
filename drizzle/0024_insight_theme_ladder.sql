CREATE TABLE "insight_theme_rollups_outlet_day" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"location_id" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_outlet_day_org_id_day_journey_key_location_id_theme_pk" PRIMARY KEY("org_id","day","journey_key","location_id","theme")
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups_outlet_month" (
	"org_id" text NOT NULL,
	"month" date NOT NULL,
	"journey_key" text NOT NULL,
	"location_id" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_outlet_month_org_id_month_journey_key_location_id_theme_pk" PRIMARY KEY("org_id","month","journey_key","location_id","theme")
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups_outlet_week" (
	"org_id" text NOT NULL,
	"week" date NOT NULL,
	"journey_key" text NOT NULL,
	"location_id" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_outlet_week_org_id_week_journey_key_location_id_theme_pk" PRIMARY KEY("org_id","week","journey_key","location_id","theme")
);
--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_outlet_day" ADD CONSTRAINT "insight_theme_rollups_outlet_day_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_outlet_month" ADD CONSTRAINT "insight_theme_rollups_outlet_month_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_outlet_week" ADD CONSTRAINT "insight_theme_rollups_outlet_week_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill: the theme ladder of comments analysed before it existed, summed from insight_theme_rollups.
INSERT INTO "insight_theme_rollups_outlet_day" ("org_id", "day", "journey_key", "location_id", "theme", "mentions", "positive", "neutral", "negative", "score_sum")
SELECT "org_id", "day", "journey_key", "location_id", "theme", sum("mentions"), sum("positive"), sum("neutral"), sum("negative"), sum("score_sum")
FROM "insight_theme_rollups" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "insight_theme_rollups_outlet_week" ("org_id", "week", "journey_key", "location_id", "theme", "mentions", "positive", "neutral", "negative", "score_sum")
SELECT "org_id", date_trunc('week', "day")::date, "journey_key", "location_id", "theme", sum("mentions"), sum("positive"), sum("neutral"), sum("negative"), sum("score_sum")
FROM "insight_theme_rollups_outlet_day" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "insight_theme_rollups_outlet_month" ("org_id", "month", "journey_key", "location_id", "theme", "mentions", "positive", "neutral", "negative", "score_sum")
SELECT "org_id", date_trunc('month', "day")::date, "journey_key", "location_id", "theme", sum("mentions"), sum("positive"), sum("neutral"), sum("negative"), sum("score_sum")
FROM "insight_theme_rollups_outlet_day" GROUP BY 1, 2, 3, 4, 5;
