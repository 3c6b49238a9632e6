CREATE TABLE "insight_analyses" (
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"scope_key" text NOT NULL,
	"scope" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"seen" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	CONSTRAINT "insight_analyses_org_id_kind_scope_key_pk" PRIMARY KEY("org_id","kind","scope_key")
);
--> statement-breakpoint
ALTER TABLE "insight_analyses" ADD CONSTRAINT "insight_analyses_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_analyses_requested_ix" ON "insight_analyses" USING btree ("org_id","requested_at");