CREATE TABLE "customers" (
	"org_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text,
	"email" text,
	"phone" text,
	"locale" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_org_id_customer_id_pk" PRIMARY KEY("org_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "interactions" (
	"org_id" text NOT NULL,
	"interaction_id" text NOT NULL,
	"external_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"journey_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"journey_version" integer NOT NULL,
	"moment_key" text NOT NULL,
	"visit_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"location_id" text NOT NULL,
	"staff_id" text,
	"channel" text NOT NULL,
	"customer_id" text NOT NULL,
	"wait_seconds" double precision,
	"handle_seconds" double precision,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interactions_org_id_interaction_id_pk" PRIMARY KEY("org_id","interaction_id")
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"org_id" text NOT NULL,
	"response_id" text NOT NULL,
	"external_id" text,
	"content_hash" text,
	"invitation_id" text,
	"survey_id" text NOT NULL,
	"survey_version" integer NOT NULL,
	"journey_id" text,
	"journey_key" text,
	"journey_version" integer,
	"moment_key" text,
	"interaction_id" text,
	"visit_id" text,
	"location_id" text,
	"staff_id" text,
	"customer_id" text,
	"channel" text NOT NULL,
	"locale" text,
	"answers" jsonb NOT NULL,
	"nps" smallint,
	"csat" smallint,
	"ces" smallint,
	"comment" text,
	"consent" boolean,
	"source" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "responses_org_id_response_id_pk" PRIMARY KEY("org_id","response_id"),
	CONSTRAINT "responses_nps_ck" CHECK ("responses"."nps" between 0 and 10),
	CONSTRAINT "responses_csat_ck" CHECK ("responses"."csat" between 1 and 5),
	CONSTRAINT "responses_ces_ck" CHECK ("responses"."ces" between 1 and 7)
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"org_id" text NOT NULL,
	"invitation_id" text NOT NULL,
	"external_id" text,
	"survey_id" text NOT NULL,
	"survey_version" integer NOT NULL,
	"link_id" text,
	"channel" text NOT NULL,
	"locale" text,
	"interaction_id" text,
	"journey_key" text,
	"moment_key" text,
	"location_id" text,
	"staff_id" text,
	"visit_id" text,
	"customer_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"answers_saved_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_invitations_org_id_invitation_id_pk" PRIMARY KEY("org_id","invitation_id")
);
--> statement-breakpoint
CREATE TABLE "survey_links" (
	"org_id" text NOT NULL,
	"link_id" text NOT NULL,
	"survey_id" text NOT NULL,
	"label" text,
	"channel" text NOT NULL,
	"location_id" text,
	"journey_key" text,
	"moment_key" text,
	"locale" text,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_links_org_id_link_id_pk" PRIMARY KEY("org_id","link_id")
);
--> statement-breakpoint
CREATE TABLE "survey_versions" (
	"org_id" text NOT NULL,
	"survey_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"fallback_locale" text NOT NULL,
	"note" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	CONSTRAINT "survey_versions_org_id_survey_id_version_pk" PRIMARY KEY("org_id","survey_id","version"),
	CONSTRAINT "survey_versions_version_ck" CHECK ("survey_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"org_id" text NOT NULL,
	"survey_id" text NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"fallback_locale" text NOT NULL,
	"draft" jsonb NOT NULL,
	"draft_revision" integer DEFAULT 1 NOT NULL,
	"draft_updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"draft_updated_by" text,
	"draft_differs" boolean DEFAULT true NOT NULL,
	"published_version" integer,
	"published_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_org_id_survey_id_pk" PRIMARY KEY("org_id","survey_id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_journey_version_fk" FOREIGN KEY ("org_id","journey_id","journey_version") REFERENCES "public"."journey_versions"("org_id","journey_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_survey_version_fk" FOREIGN KEY ("org_id","survey_id","survey_version") REFERENCES "public"."survey_versions"("org_id","survey_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_journey_version_fk" FOREIGN KEY ("org_id","journey_id","journey_version") REFERENCES "public"."journey_versions"("org_id","journey_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_invitation_fk" FOREIGN KEY ("org_id","invitation_id") REFERENCES "public"."survey_invitations"("org_id","invitation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_interaction_fk" FOREIGN KEY ("org_id","interaction_id") REFERENCES "public"."interactions"("org_id","interaction_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_version_fk" FOREIGN KEY ("org_id","survey_id","survey_version") REFERENCES "public"."survey_versions"("org_id","survey_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_link_fk" FOREIGN KEY ("org_id","link_id") REFERENCES "public"."survey_links"("org_id","link_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_interaction_fk" FOREIGN KEY ("org_id","interaction_id") REFERENCES "public"."interactions"("org_id","interaction_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","survey_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_versions" ADD CONSTRAINT "survey_versions_published_by_auth_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_versions" ADD CONSTRAINT "survey_versions_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","survey_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_draft_updated_by_auth_user_id_fk" FOREIGN KEY ("draft_updated_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_uq" ON "customers" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_external_uq" ON "interactions" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE INDEX "interactions_moment_ix" ON "interactions" USING btree ("org_id","moment_key","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_location_ix" ON "interactions" USING btree ("org_id","location_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_visit_ix" ON "interactions" USING btree ("org_id","visit_id");--> statement-breakpoint
CREATE INDEX "interactions_customer_ix" ON "interactions" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "responses_external_uq" ON "responses" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "responses_invitation_uq" ON "responses" USING btree ("org_id","invitation_id");--> statement-breakpoint
CREATE INDEX "responses_submitted_ix" ON "responses" USING btree ("org_id","submitted_at");--> statement-breakpoint
CREATE INDEX "responses_survey_ix" ON "responses" USING btree ("org_id","survey_id","submitted_at");--> statement-breakpoint
CREATE INDEX "responses_moment_ix" ON "responses" USING btree ("org_id","moment_key","submitted_at");--> statement-breakpoint
CREATE INDEX "responses_location_ix" ON "responses" USING btree ("org_id","location_id","submitted_at");--> statement-breakpoint
CREATE INDEX "responses_comment_search_ix" ON "responses" USING gin (to_tsvector('simple', coalesce("comment", '')));--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_external_uq" ON "survey_invitations" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE INDEX "survey_invitations_survey_ix" ON "survey_invitations" USING btree ("org_id","survey_id");--> statement-breakpoint
CREATE INDEX "survey_links_survey_ix" ON "survey_links" USING btree ("org_id","survey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_key_uq" ON "surveys" USING btree ("org_id","key");