CREATE TABLE "insight_theme_rollups_network_day" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_network_day_org_id_day_journey_key_theme_pk" PRIMARY KEY("org_id","day","journey_key","theme")
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups_network_month" (
	"org_id" text NOT NULL,
	"month" date NOT NULL,
	"journey_key" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_network_month_org_id_month_journey_key_theme_pk" PRIMARY KEY("org_id","month","journey_key","theme")
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups_network_week" (
	"org_id" text NOT NULL,
	"week" date NOT NULL,
	"journey_key" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_network_week_org_id_week_journey_key_theme_pk" PRIMARY KEY("org_id","week","journey_key","theme")
);
--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_network_day" ADD CONSTRAINT "insight_theme_rollups_network_day_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_network_month" ADD CONSTRAINT "insight_theme_rollups_network_month_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_network_week" ADD CONSTRAINT "insight_theme_rollups_network_week_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill: the network rung of the theme ladder from its outlet rung (migration 0024 filled that).
INSERT INTO "insight_theme_rollups_network_day" ("org_id", "day", "journey_key", "theme", "mentions", "positive", "neutral", "negative", "score_sum")
SELECT "org_id", "day", "journey_key", "theme", sum("mentions"), sum("positive"), sum("neutral"), sum("negative"), sum("score_sum")
FROM "insight_theme_rollups_outlet_day" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "insight_theme_rollups_network_week" ("org_id", "week", "journey_key", "theme", "mentions", "positive", "neutral", "negative", "score_sum")
SELECT "org_id", date_trunc('week', "day")::date, "journey_key", "theme", sum("mentions"), sum("positive"), sum("neutral"), sum("negative"), sum("score_sum")
FROM "insight_theme_rollups_network_day" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "insight_theme_rollups_network_month" ("org_id", "month", "journey_key", "theme", "mentions", "positive", "neutral", "negative", "score_sum")
SELECT "org_id", date_trunc('month', "day")::date, "journey_key", "theme", sum("mentions"), sum("positive"), sum("neutral"), sum("negative"), sum("score_sum")
FROM "insight_theme_rollups_network_day" GROUP BY 1, 2, 3, 4;
