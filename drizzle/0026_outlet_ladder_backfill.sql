-- Custom SQL migration file, put your code below! --
-- The outlet ladder (migration 0021) started empty: an installation upgraded with responses stored
-- before it showed outlet and staff tables and trends without them. Rebuilt here from the fine
-- rollups, which hold every response since the start (the ladder is a regrouping of them; what the
-- ladder already holds is dropped first, so running this on a correct ladder gives the same rows).
DELETE FROM "insight_rollups_outlet_day";
--> statement-breakpoint
DELETE FROM "insight_rollups_outlet_week";
--> statement-breakpoint
DELETE FROM "insight_rollups_outlet_month";
--> statement-breakpoint
DELETE FROM "insight_rollups_people_day";
--> statement-breakpoint
DELETE FROM "insight_rollups_people_week";
--> statement-breakpoint
DELETE FROM "insight_rollups_people_month";
--> statement-breakpoint
INSERT INTO "insight_rollups_outlet_day" ("org_id", "day", "journey_key", "location_id", "responses", "nps_promoters", "nps_passives", "nps_detractors", "csat_n", "csat_sum", "csat_sum_squares", "csat_top_box", "ces_n", "ces_sum", "ces_sum_squares", "ces_easy", "comments")
SELECT "org_id", "day", "journey_key", "location_id", sum("responses"), sum("nps_promoters"), sum("nps_passives"), sum("nps_detractors"), sum("csat_n"), sum("csat_sum"), sum("csat_sum_squares"), sum("csat_top_box"), sum("ces_n"), sum("ces_sum"), sum("ces_sum_squares"), sum("ces_easy"), sum("comments")
FROM "insight_rollups_fine" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "insight_rollups_outlet_week" ("org_id", "week", "journey_key", "location_id", "responses", "nps_promoters", "nps_passives", "nps_detractors", "csat_n", "csat_sum", "csat_sum_squares", "csat_top_box", "ces_n", "ces_sum", "ces_sum_squares", "ces_easy", "comments")
SELECT "org_id", date_trunc('week', "day")::date, "journey_key", "location_id", sum("responses"), sum("nps_promoters"), sum("nps_passives"), sum("nps_detractors"), sum("csat_n"), sum("csat_sum"), sum("csat_sum_squares"), sum("csat_top_box"), sum("ces_n"), sum("ces_sum"), sum("ces_sum_squares"), sum("ces_easy"), sum("comments")
FROM "insight_rollups_fine" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "insight_rollups_outlet_month" ("org_id", "month", "journey_key", "location_id", "responses", "nps_promoters", "nps_passives", "nps_detractors", "csat_n", "csat_sum", "csat_sum_squares", "csat_top_box", "ces_n", "ces_sum", "ces_sum_squares", "ces_easy", "comments")
SELECT "org_id", date_trunc('month', "day")::date, "journey_key", "location_id", sum("responses"), sum("nps_promoters"), sum("nps_passives"), sum("nps_detractors"), sum("csat_n"), sum("csat_sum"), sum("csat_sum_squares"), sum("csat_top_box"), sum("ces_n"), sum("ces_sum"), sum("ces_sum_squares"), sum("ces_easy"), sum("comments")
FROM "insight_rollups_fine" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "insight_rollups_people_day" ("org_id", "day", "journey_key", "location_id", "staff_id", "responses", "nps_promoters", "nps_passives", "nps_detractors", "csat_n", "csat_sum", "csat_sum_squares", "csat_top_box", "ces_n", "ces_sum", "ces_sum_squares", "ces_easy", "comments")
SELECT "org_id", "day", "journey_key", "location_id", "staff_id", sum("responses"), sum("nps_promoters"), sum("nps_passives"), sum("nps_detractors"), sum("csat_n"), sum("csat_sum"), sum("csat_sum_squares"), sum("csat_top_box"), sum("ces_n"), sum("ces_sum"), sum("ces_sum_squares"), sum("ces_easy"), sum("comments")
FROM "insight_rollups_fine" GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO "insight_rollups_people_week" ("org_id", "week", "journey_key", "location_id", "staff_id", "responses", "nps_promoters", "nps_passives", "nps_detractors", "csat_n", "csat_sum", "csat_sum_squares", "csat_top_box", "ces_n", "ces_sum", "ces_sum_squares", "ces_easy", "comments")
SELECT "org_id", date_trunc('week', "day")::date, "journey_key", "location_id", "staff_id", sum("responses"), sum("nps_promoters"), sum("nps_passives"), sum("nps_detractors"), sum("csat_n"), sum("csat_sum"), sum("csat_sum_squares"), sum("csat_top_box"), sum("ces_n"), sum("ces_sum"), sum("ces_sum_squares"), sum("ces_easy"), sum("comments")
FROM "insight_rollups_fine" GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO "insight_rollups_people_month" ("org_id", "month", "journey_key", "location_id", "staff_id", "responses", "nps_promoters", "nps_passives", "nps_detractors", "csat_n", "csat_sum", "csat_sum_squares", "csat_top_box", "ces_n", "ces_sum", "ces_sum_squares", "ces_easy", "comments")
SELECT "org_id", date_trunc('month', "day")::date, "journey_key", "location_id", "staff_id", sum("responses"), sum("nps_promoters"), sum("nps_passives"), sum("nps_detractors"), sum("csat_n"), sum("csat_sum"), sum("csat_sum_squares"), sum("csat_top_box"), sum("ces_n"), sum("ces_sum"), sum("ces_sum_squares"), sum("ces_easy"), sum("comments")
FROM "insight_rollups_fine" GROUP BY 1, 2, 3, 4, 5;
