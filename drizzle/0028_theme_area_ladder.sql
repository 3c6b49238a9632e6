CREATE TABLE "insight_area_ladder_state" (
	"org_id" text PRIMARY KEY NOT NULL,
	"tree_signature" text NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups_area_day" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"area_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_area_day_org_id_area_id_day_journey_key_theme_pk" PRIMARY KEY("org_id","area_id","day","journey_key","theme")
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups_area_month" (
	"org_id" text NOT NULL,
	"month" date NOT NULL,
	"area_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_area_month_org_id_area_id_month_journey_key_theme_pk" PRIMARY KEY("org_id","area_id","month","journey_key","theme")
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups_area_week" (
	"org_id" text NOT NULL,
	"week" date NOT NULL,
	"area_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_area_week_org_id_area_id_week_journey_key_theme_pk" PRIMARY KEY("org_id","area_id","week","journey_key","theme")
);
--> statement-breakpoint
ALTER TABLE "insight_area_ladder_state" ADD CONSTRAINT "insight_area_ladder_state_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_area_day" ADD CONSTRAINT "insight_theme_rollups_area_day_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_area_month" ADD CONSTRAINT "insight_theme_rollups_area_month_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups_area_week" ADD CONSTRAINT "insight_theme_rollups_area_week_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;