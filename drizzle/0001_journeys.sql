CREATE TABLE "journey_overrides" (
	"org_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"location_id" text NOT NULL,
	"base_version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journey_overrides_org_id_journey_id_location_id_pk" PRIMARY KEY("org_id","journey_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "journey_versions" (
	"org_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"fallback_locale" text NOT NULL,
	"note" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	CONSTRAINT "journey_versions_org_id_journey_id_version_pk" PRIMARY KEY("org_id","journey_id","version"),
	CONSTRAINT "journey_versions_version_ck" CHECK ("journey_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"org_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb,
	"fallback_locale" text NOT NULL,
	"template_key" text,
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
	CONSTRAINT "journeys_org_id_journey_id_pk" PRIMARY KEY("org_id","journey_id")
);
--> statement-breakpoint
ALTER TABLE "journey_overrides" ADD CONSTRAINT "journey_overrides_updated_by_auth_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_overrides" ADD CONSTRAINT "journey_overrides_journey_fk" FOREIGN KEY ("org_id","journey_id") REFERENCES "public"."journeys"("org_id","journey_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_overrides" ADD CONSTRAINT "journey_overrides_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_overrides" ADD CONSTRAINT "journey_overrides_base_version_fk" FOREIGN KEY ("org_id","journey_id","base_version") REFERENCES "public"."journey_versions"("org_id","journey_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_versions" ADD CONSTRAINT "journey_versions_published_by_auth_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_versions" ADD CONSTRAINT "journey_versions_journey_fk" FOREIGN KEY ("org_id","journey_id") REFERENCES "public"."journeys"("org_id","journey_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_draft_updated_by_auth_user_id_fk" FOREIGN KEY ("draft_updated_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journeys_key_uq" ON "journeys" USING btree ("org_id","key");