CREATE TABLE "insight_alerts" (
	"org_id" text NOT NULL,
	"alert_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"findings" jsonb NOT NULL,
	"responsible_role" text,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mailed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "insight_alerts_org_id_alert_id_pk" PRIMARY KEY("org_id","alert_id")
);
--> statement-breakpoint
CREATE TABLE "insight_comment_analyses" (
	"org_id" text NOT NULL,
	"response_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text NOT NULL,
	"locale" text,
	"created_at" timestamp with time zone NOT NULL,
	"analysed_at" timestamp with time zone,
	"lang" text,
	"sentiment_score" double precision,
	"sentiment_label" text,
	"themes" jsonb,
	"key_phrases" jsonb,
	CONSTRAINT "insight_comment_analyses_org_id_response_id_pk" PRIMARY KEY("org_id","response_id")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_fine" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"channel" text NOT NULL,
	"journey_version" integer NOT NULL,
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
	CONSTRAINT "insight_rollups_fine_org_id_day_journey_key_moment_key_location_id_staff_id_channel_journey_version_pk" PRIMARY KEY("org_id","day","journey_key","moment_key","location_id","staff_id","channel","journey_version")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_location" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text NOT NULL,
	"channel" text NOT NULL,
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
	CONSTRAINT "insight_rollups_location_org_id_day_journey_key_moment_key_location_id_channel_pk" PRIMARY KEY("org_id","day","journey_key","moment_key","location_id","channel")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups_moment" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"channel" text NOT NULL,
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
	CONSTRAINT "insight_rollups_moment_org_id_day_journey_key_moment_key_channel_pk" PRIMARY KEY("org_id","day","journey_key","moment_key","channel")
);
--> statement-breakpoint
CREATE TABLE "insight_theme_rollups" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text NOT NULL,
	"theme" text NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_theme_rollups_org_id_day_journey_key_moment_key_location_id_theme_pk" PRIMARY KEY("org_id","day","journey_key","moment_key","location_id","theme")
);
--> statement-breakpoint
ALTER TABLE "insight_alerts" ADD CONSTRAINT "insight_alerts_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_comment_analyses" ADD CONSTRAINT "insight_comment_analyses_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_fine" ADD CONSTRAINT "insight_rollups_fine_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_location" ADD CONSTRAINT "insight_rollups_location_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups_moment" ADD CONSTRAINT "insight_rollups_moment_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_theme_rollups" ADD CONSTRAINT "insight_theme_rollups_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "insight_alerts_once_uq" ON "insight_alerts" USING btree ("org_id","journey_key","moment_key","location_id","period_start");--> statement-breakpoint
CREATE INDEX "insight_comment_analyses_pending_ix" ON "insight_comment_analyses" USING btree ("created_at") WHERE "insight_comment_analyses"."analysed_at" is null;--> statement-breakpoint
CREATE INDEX "insight_rollups_location_loc_ix" ON "insight_rollups_location" USING btree ("org_id","location_id","day");--> statement-breakpoint
-- Backfill: responses stored before the insights room existed get their rollups and queued comments
-- (the same arithmetic as src/insights/rollups.ts; from now on the ingest listeners keep them in step).
CREATE TEMPORARY TABLE "insight_backfill" AS
SELECT r.org_id, r.response_id, r.locale, coalesce(r.journey_key, '') AS journey_key, coalesce(r.journey_version, 0) AS journey_version,
  coalesce(r.moment_key, '') AS moment_key, coalesce(r.location_id, '') AS location_id, coalesce(r.staff_id, '') AS staff_id, r.channel,
  r.nps, r.csat, r.ces, (r.comment IS NOT NULL AND btrim(r.comment) <> '') AS has_comment,
  (r.submitted_at AT TIME ZONE coalesce(l.timezone, o.timezone, 'UTC'))::date AS day
FROM responses r JOIN organizations o ON o.org_id = r.org_id
LEFT JOIN locations l ON l.org_id = r.org_id AND l.location_id = r.location_id;--> statement-breakpoint
INSERT INTO "insight_rollups_fine" SELECT org_id, day, journey_key, moment_key, location_id, staff_id, channel, journey_version,
  count(*), count(*) FILTER (WHERE nps >= 9), count(*) FILTER (WHERE nps BETWEEN 7 AND 8), count(*) FILTER (WHERE nps <= 6),
  count(csat), coalesce(sum(csat), 0), coalesce(sum(csat * csat), 0), count(*) FILTER (WHERE csat >= 4),
  count(ces), coalesce(sum(ces), 0), coalesce(sum(ces * ces), 0), count(*) FILTER (WHERE ces >= 5), count(*) FILTER (WHERE has_comment)
FROM insight_backfill GROUP BY org_id, day, journey_key, moment_key, location_id, staff_id, channel, journey_version;--> statement-breakpoint
INSERT INTO "insight_rollups_location" SELECT org_id, day, journey_key, moment_key, location_id, channel,
  sum(responses), sum(nps_promoters), sum(nps_passives), sum(nps_detractors), sum(csat_n), sum(csat_sum), sum(csat_sum_squares), sum(csat_top_box),
  sum(ces_n), sum(ces_sum), sum(ces_sum_squares), sum(ces_easy), sum(comments)
FROM insight_rollups_fine GROUP BY org_id, day, journey_key, moment_key, location_id, channel;--> statement-breakpoint
INSERT INTO "insight_rollups_moment" SELECT org_id, day, journey_key, moment_key, channel,
  sum(responses), sum(nps_promoters), sum(nps_passives), sum(nps_detractors), sum(csat_n), sum(csat_sum), sum(csat_sum_squares), sum(csat_top_box),
  sum(ces_n), sum(ces_sum), sum(ces_sum_squares), sum(ces_easy), sum(comments)
FROM insight_rollups_fine GROUP BY org_id, day, journey_key, moment_key, channel;--> statement-breakpoint
INSERT INTO "insight_comment_analyses" (org_id, response_id, day, journey_key, moment_key, location_id, locale, created_at)
SELECT org_id, response_id, day, journey_key, moment_key, location_id, locale, now() FROM insight_backfill WHERE has_comment;--> statement-breakpoint
DROP TABLE "insight_backfill";
