CREATE TABLE "case_events" (
	"org_id" text NOT NULL,
	"case_id" text NOT NULL,
	"event_id" text NOT NULL,
	"kind" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_events_org_id_case_id_event_id_pk" PRIMARY KEY("org_id","case_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "case_participants" (
	"org_id" text NOT NULL,
	"case_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_participants_org_id_case_id_user_id_pk" PRIMARY KEY("org_id","case_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"org_id" text NOT NULL,
	"case_id" text NOT NULL,
	"external_id" text,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"customer_ref" text,
	"customer_name" text,
	"customer_phone" text,
	"customer_email" text,
	"visit_id" text,
	"dedupe_key" text,
	"journey_key" text,
	"journey_version" integer,
	"moment_key" text,
	"location_id" text,
	"staff_ref" text,
	"response_id" text,
	"created_by" text,
	"owner_id" text,
	"pending_transfer_to" text,
	"pending_transfer_by" text,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"escalated_to" text,
	"playbook" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"first_response_due_at" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"first_response_minutes" double precision,
	"first_response_breached_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolution_minutes" double precision,
	"resolution_breached_at" timestamp with time zone,
	"follow_up_scheduled_for" timestamp with time zone,
	"follow_up_reminded_at" timestamp with time zone,
	"follow_up_due_at" timestamp with time zone,
	"follow_up_done_at" timestamp with time zone,
	"follow_up_breached_at" timestamp with time zone,
	"follow_up_score_kind" text,
	"follow_up_score" smallint,
	"follow_up_recovered" boolean,
	"next_escalation_at" timestamp with time zone,
	"compensation_cost" numeric(14, 2),
	"compensation_currency" text,
	"compensation_granted" numeric(14, 2) DEFAULT 0 NOT NULL,
	"compensation_status" text,
	"next_due_at" timestamp with time zone,
	"next_timer_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_org_id_case_id_pk" PRIMARY KEY("org_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"org_id" text NOT NULL,
	"notification_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"case_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"email_status" text DEFAULT 'none' NOT NULL,
	"email_attempts" integer DEFAULT 0 NOT NULL,
	"email_claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_org_id_notification_id_pk" PRIMARY KEY("org_id","notification_id")
);
--> statement-breakpoint
CREATE TABLE "recovery_calendar_days" (
	"org_id" text NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"hours" jsonb,
	CONSTRAINT "recovery_calendar_days_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
CREATE TABLE "recovery_rules" (
	"org_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"position" integer NOT NULL,
	"journey_key" text,
	"moment_key" text,
	"kind" text NOT NULL,
	"threshold" double precision,
	"assign_to" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_rules_org_id_rule_id_pk" PRIMARY KEY("org_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "recovery_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"sla_policy" jsonb,
	"approval" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_fk" FOREIGN KEY ("org_id","case_id") REFERENCES "public"."cases"("org_id","case_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_participants" ADD CONSTRAINT "case_participants_case_fk" FOREIGN KEY ("org_id","case_id") REFERENCES "public"."cases"("org_id","case_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_participants" ADD CONSTRAINT "case_participants_member_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_transfer_to_fk" FOREIGN KEY ("org_id","pending_transfer_to") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_escalated_to_fk" FOREIGN KEY ("org_id","escalated_to") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_member_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_case_fk" FOREIGN KEY ("org_id","case_id") REFERENCES "public"."cases"("org_id","case_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_calendar_days" ADD CONSTRAINT "recovery_calendar_days_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_rules" ADD CONSTRAINT "recovery_rules_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_settings" ADD CONSTRAINT "recovery_settings_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_participants_user_ix" ON "case_participants" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_external_uq" ON "cases" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_open_visit_uq" ON "cases" USING btree ("org_id",coalesce("customer_ref", ''),"dedupe_key") WHERE "cases"."dedupe_key" is not null and "cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "cases_owner_ix" ON "cases" USING btree ("org_id","owner_id","status");--> statement-breakpoint
CREATE INDEX "cases_location_ix" ON "cases" USING btree ("org_id","location_id","opened_at");--> statement-breakpoint
CREATE INDEX "cases_opened_ix" ON "cases" USING btree ("org_id","opened_at");--> statement-breakpoint
CREATE INDEX "cases_customer_ix" ON "cases" USING btree ("org_id","customer_ref");--> statement-breakpoint
CREATE INDEX "cases_timer_ix" ON "cases" USING btree ("next_timer_at") WHERE "cases"."next_timer_at" is not null;--> statement-breakpoint
CREATE INDEX "notifications_user_ix" ON "notifications" USING btree ("org_id","user_id","notification_id");--> statement-breakpoint
CREATE INDEX "notifications_outbox_ix" ON "notifications" USING btree ("email_status") WHERE "notifications"."email_status" in ('pending', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_rules_scope_uq" ON "recovery_rules" USING btree ("org_id","kind",coalesce("journey_key", ''),coalesce("moment_key", ''));