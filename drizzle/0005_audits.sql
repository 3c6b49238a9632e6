CREATE TABLE "audit_action_events" (
	"org_id" text NOT NULL,
	"event_id" text NOT NULL,
	"action_id" text NOT NULL,
	"kind" text NOT NULL,
	"run_id" text,
	"user_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_action_events_org_id_event_id_pk" PRIMARY KEY("org_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "audit_actions" (
	"org_id" text NOT NULL,
	"action_id" text NOT NULL,
	"location_id" text NOT NULL,
	"checklist_id" text NOT NULL,
	"item_key" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"title" jsonb NOT NULL,
	"critical" boolean NOT NULL,
	"source_run_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"owner_user_id" text,
	"due_at" timestamp with time zone NOT NULL,
	"note" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"verified_by_run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_actions_org_id_action_id_pk" PRIMARY KEY("org_id","action_id")
);
--> statement-breakpoint
CREATE TABLE "audit_answers" (
	"org_id" text NOT NULL,
	"run_id" text NOT NULL,
	"item_key" text NOT NULL,
	"checklist_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text NOT NULL,
	"outcome" text NOT NULL,
	"score" integer,
	"max_score" integer,
	"weight" double precision NOT NULL,
	"critical" boolean NOT NULL,
	"passed" boolean,
	"earned" double precision NOT NULL,
	"possible" double precision NOT NULL,
	"note" text,
	"evidence_count" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_answers_org_id_run_id_item_key_pk" PRIMARY KEY("org_id","run_id","item_key")
);
--> statement-breakpoint
CREATE TABLE "audit_checklist_versions" (
	"org_id" text NOT NULL,
	"checklist_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"journey_key" text NOT NULL,
	"fallback_locale" text NOT NULL,
	"note" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	CONSTRAINT "audit_checklist_versions_org_id_checklist_id_version_pk" PRIMARY KEY("org_id","checklist_id","version"),
	CONSTRAINT "audit_checklist_versions_version_ck" CHECK ("audit_checklist_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "audit_checklists" (
	"org_id" text NOT NULL,
	"checklist_id" text NOT NULL,
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
	CONSTRAINT "audit_checklists_org_id_checklist_id_pk" PRIMARY KEY("org_id","checklist_id")
);
--> statement-breakpoint
CREATE TABLE "audit_compliance_rollups" (
	"org_id" text NOT NULL,
	"period_month" date NOT NULL,
	"location_id" text NOT NULL,
	"checklist_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"item_key" text NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"passed_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"not_applicable" integer DEFAULT 0 NOT NULL,
	"critical_failures" integer DEFAULT 0 NOT NULL,
	"earned" double precision DEFAULT 0 NOT NULL,
	"possible" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "audit_compliance_rollups_org_id_period_month_location_id_checklist_id_moment_key_item_key_pk" PRIMARY KEY("org_id","period_month","location_id","checklist_id","moment_key","item_key")
);
--> statement-breakpoint
CREATE TABLE "audit_evidence" (
	"org_id" text NOT NULL,
	"evidence_id" text NOT NULL,
	"run_id" text NOT NULL,
	"item_key" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" text,
	"uploaded_via" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_evidence_org_id_evidence_id_pk" PRIMARY KEY("org_id","evidence_id")
);
--> statement-breakpoint
CREATE TABLE "audit_notifications" (
	"org_id" text NOT NULL,
	"notification_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"action_id" text,
	"run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "audit_notifications_org_id_notification_id_pk" PRIMARY KEY("org_id","notification_id")
);
--> statement-breakpoint
CREATE TABLE "audit_runs" (
	"org_id" text NOT NULL,
	"run_id" text NOT NULL,
	"checklist_id" text NOT NULL,
	"checklist_version" integer NOT NULL,
	"journey_key" text NOT NULL,
	"journey_version" integer,
	"location_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_user_id" text,
	"schedule_id" text,
	"scheduled_for" date,
	"due_at" timestamp with time zone,
	"idempotency_key" text,
	"link_id" text,
	"link_expires_at" timestamp with time zone,
	"link_locale" text,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"answers_saved_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"compliance" double precision,
	"passed" boolean,
	"critical_failed" boolean,
	"result" jsonb,
	"cancelled_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_runs_org_id_run_id_pk" PRIMARY KEY("org_id","run_id")
);
--> statement-breakpoint
CREATE TABLE "audit_schedules" (
	"org_id" text NOT NULL,
	"schedule_id" text NOT NULL,
	"checklist_id" text NOT NULL,
	"location_id" text NOT NULL,
	"kind" text NOT NULL,
	"frequency" text NOT NULL,
	"day_of_month" integer,
	"weekday" integer,
	"due_days" integer DEFAULT 7 NOT NULL,
	"assignee_user_id" text,
	"next_run_on" date NOT NULL,
	"last_run_on" date,
	"deactivated_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_schedules_org_id_schedule_id_pk" PRIMARY KEY("org_id","schedule_id"),
	CONSTRAINT "audit_schedules_day_ck" CHECK ("audit_schedules"."day_of_month" is null or "audit_schedules"."day_of_month" between 1 and 28),
	CONSTRAINT "audit_schedules_weekday_ck" CHECK ("audit_schedules"."weekday" is null or "audit_schedules"."weekday" between 1 and 7)
);
--> statement-breakpoint
CREATE TABLE "improvement_actions" (
	"org_id" text NOT NULL,
	"improvement_id" text NOT NULL,
	"title" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"location_id" text,
	"source_kind" text NOT NULL,
	"source_run_id" text,
	"source_case_id" text,
	"hypothesis" text NOT NULL,
	"owner_user_id" text,
	"start_date" date NOT NULL,
	"status" text DEFAULT 'plan' NOT NULL,
	"cycle" integer DEFAULT 1 NOT NULL,
	"notes" text,
	"impact" double precision,
	"impact_computed_at" timestamp with time zone,
	"idempotency_key" text,
	"created_by" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "improvement_actions_org_id_improvement_id_pk" PRIMARY KEY("org_id","improvement_id")
);
--> statement-breakpoint
ALTER TABLE "audit_action_events" ADD CONSTRAINT "audit_action_events_user_id_auth_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_action_events" ADD CONSTRAINT "audit_action_events_action_fk" FOREIGN KEY ("org_id","action_id") REFERENCES "public"."audit_actions"("org_id","action_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_actions" ADD CONSTRAINT "audit_actions_owner_user_id_auth_user_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_actions" ADD CONSTRAINT "audit_actions_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_actions" ADD CONSTRAINT "audit_actions_checklist_fk" FOREIGN KEY ("org_id","checklist_id") REFERENCES "public"."audit_checklists"("org_id","checklist_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_actions" ADD CONSTRAINT "audit_actions_source_run_fk" FOREIGN KEY ("org_id","source_run_id") REFERENCES "public"."audit_runs"("org_id","run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_actions" ADD CONSTRAINT "audit_actions_verified_run_fk" FOREIGN KEY ("org_id","verified_by_run_id") REFERENCES "public"."audit_runs"("org_id","run_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_answers" ADD CONSTRAINT "audit_answers_run_fk" FOREIGN KEY ("org_id","run_id") REFERENCES "public"."audit_runs"("org_id","run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_checklist_versions" ADD CONSTRAINT "audit_checklist_versions_published_by_auth_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_checklist_versions" ADD CONSTRAINT "audit_checklist_versions_checklist_fk" FOREIGN KEY ("org_id","checklist_id") REFERENCES "public"."audit_checklists"("org_id","checklist_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_checklists" ADD CONSTRAINT "audit_checklists_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_checklists" ADD CONSTRAINT "audit_checklists_draft_updated_by_auth_user_id_fk" FOREIGN KEY ("draft_updated_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_compliance_rollups" ADD CONSTRAINT "audit_rollups_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_compliance_rollups" ADD CONSTRAINT "audit_rollups_checklist_fk" FOREIGN KEY ("org_id","checklist_id") REFERENCES "public"."audit_checklists"("org_id","checklist_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_evidence" ADD CONSTRAINT "audit_evidence_uploaded_by_auth_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_evidence" ADD CONSTRAINT "audit_evidence_run_fk" FOREIGN KEY ("org_id","run_id") REFERENCES "public"."audit_runs"("org_id","run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_notifications" ADD CONSTRAINT "audit_notifications_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_notifications" ADD CONSTRAINT "audit_notifications_user_id_auth_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_notifications" ADD CONSTRAINT "audit_notifications_action_fk" FOREIGN KEY ("org_id","action_id") REFERENCES "public"."audit_actions"("org_id","action_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_notifications" ADD CONSTRAINT "audit_notifications_run_fk" FOREIGN KEY ("org_id","run_id") REFERENCES "public"."audit_runs"("org_id","run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_runs" ADD CONSTRAINT "audit_runs_assignee_user_id_auth_user_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_runs" ADD CONSTRAINT "audit_runs_submitted_by_auth_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_runs" ADD CONSTRAINT "audit_runs_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_runs" ADD CONSTRAINT "audit_runs_version_fk" FOREIGN KEY ("org_id","checklist_id","checklist_version") REFERENCES "public"."audit_checklist_versions"("org_id","checklist_id","version") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_runs" ADD CONSTRAINT "audit_runs_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_runs" ADD CONSTRAINT "audit_runs_schedule_fk" FOREIGN KEY ("org_id","schedule_id") REFERENCES "public"."audit_schedules"("org_id","schedule_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_schedules" ADD CONSTRAINT "audit_schedules_assignee_user_id_auth_user_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_schedules" ADD CONSTRAINT "audit_schedules_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_schedules" ADD CONSTRAINT "audit_schedules_checklist_fk" FOREIGN KEY ("org_id","checklist_id") REFERENCES "public"."audit_checklists"("org_id","checklist_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_schedules" ADD CONSTRAINT "audit_schedules_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_actions" ADD CONSTRAINT "improvement_actions_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_actions" ADD CONSTRAINT "improvement_actions_owner_user_id_auth_user_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_actions" ADD CONSTRAINT "improvement_actions_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_actions" ADD CONSTRAINT "improvement_actions_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_actions" ADD CONSTRAINT "improvement_actions_run_fk" FOREIGN KEY ("org_id","source_run_id") REFERENCES "public"."audit_runs"("org_id","run_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_action_events_action_ix" ON "audit_action_events" USING btree ("org_id","action_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_actions_item_uq" ON "audit_actions" USING btree ("org_id","location_id","checklist_id","item_key") WHERE "audit_actions"."status" <> 'verified';--> statement-breakpoint
CREATE INDEX "audit_actions_due_ix" ON "audit_actions" USING btree ("org_id","status","due_at");--> statement-breakpoint
CREATE INDEX "audit_answers_item_ix" ON "audit_answers" USING btree ("org_id","location_id","checklist_id","item_key","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_checklists_key_uq" ON "audit_checklists" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "audit_evidence_run_ix" ON "audit_evidence" USING btree ("org_id","run_id");--> statement-breakpoint
CREATE INDEX "audit_notifications_user_ix" ON "audit_notifications" USING btree ("org_id","user_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_runs_schedule_uq" ON "audit_runs" USING btree ("org_id","schedule_id","scheduled_for");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_runs_idempotency_uq" ON "audit_runs" USING btree ("org_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "audit_runs_location_ix" ON "audit_runs" USING btree ("org_id","location_id","submitted_at");--> statement-breakpoint
CREATE INDEX "audit_runs_assignee_ix" ON "audit_runs" USING btree ("org_id","assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "audit_schedules_due_ix" ON "audit_schedules" USING btree ("next_run_on");--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_actions_idempotency_uq" ON "improvement_actions" USING btree ("org_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "improvement_actions_moment_ix" ON "improvement_actions" USING btree ("org_id","journey_key","moment_key");