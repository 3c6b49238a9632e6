CREATE TABLE "insight_rollups_outlet_day" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"location_id" text NOT NULL,
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
	CONSTRAINT "insight_rollups_outlet_day_org_id_day_journey_key_location_id_pk" PRIMARY KEY("org_id","day","journey_key","location_id")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_outlet_month" (
	"org_id" text NOT NULL,
	"month" date NOT NULL,
	"journey_key" text NOT NULL,
	"location_id" text NOT NULL,
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
	CONSTRAINT "insight_rollups_outlet_month_org_id_month_journey_key_location_id_pk" PRIMARY KEY("org_id","month","journey_key","location_id")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_outlet_week" (
	"org_id" text NOT NULL,
	"week" date NOT NULL,
	"journey_key" text NOT NULL,
	"location_id" text NOT NULL,
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
	CONSTRAINT "insight_rollups_outlet_week_org_id_week_journey_key_location_id_pk" PRIMARY KEY("org_id","week","journey_key","location_id")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_people_day" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
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
	CONSTRAINT "insight_rollups_people_day_org_id_day_journey_key_location_id_staff_id_pk" PRIMARY KEY("org_id","day","journey_key","location_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_people_month" (
	"org_id" text NOT NULL,
	"month" date NOT NULL,
	"journey_key" text NOT NULL,
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
	CONSTRAINT "insight_rollups_people_month_org_id_month_journey_key_location_id_staff_id_pk" PRIMARY KEY("org_id","month","journey_key","location_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_people_week" (
	"org_id" text NOT NULL,
	"week" date NOT NULL,
	"journey_key" text NOT NULL,
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
	CONSTRAINT "insight_rollups_people_week_org_id_week_journey_key_location_id_staff_id_pk" PRIMARY KEY("org_id","week","journey_key","location_id","staff_id")
);
--> statement-breakpoint
ALTER TABLE "insight_rollups_outlet_day" ADD CONSTRAINT "insight_rollups_outlet_day_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_outlet_month" ADD CONSTRAINT "insight_rollups_outlet_month_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_outlet_week" ADD CONSTRAINT "insight_rollups_outlet_week_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_people_day" ADD CONSTRAINT "insight_rollups_people_day_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_people_month" ADD CONSTRAINT "insight_rollups_people_month_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_people_week" ADD CONSTRAINT "insight_rollups_people_week_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;