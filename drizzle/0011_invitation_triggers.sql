CREATE TABLE "customer_opt_outs" (
	"org_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"channel" text NOT NULL,
	"delivery_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_opt_outs_org_id_customer_id_channel_pk" PRIMARY KEY("org_id","customer_id","channel")
);
--> statement-breakpoint
CREATE TABLE "invitation_deliveries" (
	"org_id" text NOT NULL,
	"delivery_id" text NOT NULL,
	"trigger_id" text NOT NULL,
	"interaction_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"survey_id" text NOT NULL,
	"location_id" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"send_at" timestamp with time zone NOT NULL,
	"send_day" date NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"invitation_id" text,
	"locale" text,
	"recipient" text,
	"provider_message_id" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitation_deliveries_org_id_delivery_id_pk" PRIMARY KEY("org_id","delivery_id"),
	CONSTRAINT "invitation_deliveries_status_ck" CHECK ("invitation_deliveries"."status" in ('queued', 'sent', 'delivered', 'failed', 'suppressed'))
);
--> statement-breakpoint
CREATE TABLE "survey_triggers" (
	"org_id" text NOT NULL,
	"trigger_id" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"survey_id" text NOT NULL,
	"journey_key" text,
	"moment_key" text NOT NULL,
	"location_id" text,
	"interaction_channels" jsonb,
	"outcomes" jsonb,
	"customer_attributes" jsonb,
	"channel" text NOT NULL,
	"delay_minutes" integer DEFAULT 0 NOT NULL,
	"sampling_rate" double precision DEFAULT 1 NOT NULL,
	"quiet_period_days" integer DEFAULT 0 NOT NULL,
	"daily_cap" integer,
	"quiet_hours_start" text,
	"quiet_hours_end" text,
	"expires_in_days" integer DEFAULT 30 NOT NULL,
	"created_by" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_triggers_org_id_trigger_id_pk" PRIMARY KEY("org_id","trigger_id"),
	CONSTRAINT "survey_triggers_sampling_ck" CHECK ("survey_triggers"."sampling_rate" >= 0 and "survey_triggers"."sampling_rate" <= 1),
	CONSTRAINT "survey_triggers_channel_ck" CHECK ("survey_triggers"."channel" in ('email', 'sms', 'link'))
);
--> statement-breakpoint
ALTER TABLE "customer_opt_outs" ADD CONSTRAINT "customer_opt_outs_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_opt_outs" ADD CONSTRAINT "customer_opt_outs_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","customer_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_deliveries" ADD CONSTRAINT "invitation_deliveries_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_deliveries" ADD CONSTRAINT "invitation_deliveries_trigger_fk" FOREIGN KEY ("org_id","trigger_id") REFERENCES "public"."survey_triggers"("org_id","trigger_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_deliveries" ADD CONSTRAINT "invitation_deliveries_interaction_fk" FOREIGN KEY ("org_id","interaction_id") REFERENCES "public"."interactions"("org_id","interaction_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_deliveries" ADD CONSTRAINT "invitation_deliveries_customer_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","customer_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_deliveries" ADD CONSTRAINT "invitation_deliveries_invitation_fk" FOREIGN KEY ("org_id","invitation_id") REFERENCES "public"."survey_invitations"("org_id","invitation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_deliveries" ADD CONSTRAINT "invitation_deliveries_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_triggers" ADD CONSTRAINT "survey_triggers_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_triggers" ADD CONSTRAINT "survey_triggers_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_triggers" ADD CONSTRAINT "survey_triggers_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","survey_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_triggers" ADD CONSTRAINT "survey_triggers_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_deliveries_trigger_interaction_uq" ON "invitation_deliveries" USING btree ("org_id","trigger_id","interaction_id");--> statement-breakpoint
CREATE INDEX "invitation_deliveries_due_ix" ON "invitation_deliveries" USING btree ("send_at") WHERE "invitation_deliveries"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "invitation_deliveries_customer_ix" ON "invitation_deliveries" USING btree ("org_id","customer_id","send_at");--> statement-breakpoint
CREATE INDEX "invitation_deliveries_trigger_day_ix" ON "invitation_deliveries" USING btree ("org_id","trigger_id","send_day");--> statement-breakpoint
CREATE INDEX "invitation_deliveries_invitation_ix" ON "invitation_deliveries" USING btree ("org_id","invitation_id");--> statement-breakpoint
CREATE INDEX "survey_triggers_moment_ix" ON "survey_triggers" USING btree ("org_id","moment_key");