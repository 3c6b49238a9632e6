CREATE TABLE "coaching_assignments" (
	"org_id" text NOT NULL,
	"assignment_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"journey_version" integer NOT NULL,
	"moment_key" text NOT NULL,
	"reason" text NOT NULL,
	"location_id" text,
	"metric" text NOT NULL,
	"score" double precision NOT NULL,
	"benchmark" double precision NOT NULL,
	"answers" integer NOT NULL,
	"exam_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "coaching_assignments_org_id_assignment_id_pk" PRIMARY KEY("org_id","assignment_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_attempts" (
	"org_id" text NOT NULL,
	"attempt_id" text NOT NULL,
	"exam_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"journey_version" integer NOT NULL,
	"period_start" text NOT NULL,
	"locale" text NOT NULL,
	"answers" jsonb NOT NULL,
	"results" jsonb NOT NULL,
	"score_percent" double precision NOT NULL,
	"passed" boolean NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coaching_attempts_org_id_attempt_id_pk" PRIMARY KEY("org_id","attempt_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_certificates" (
	"org_id" text NOT NULL,
	"certificate_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"journey_version" integer NOT NULL,
	"exam_id" text NOT NULL,
	"attempt_id" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coaching_certificates_org_id_certificate_id_pk" PRIMARY KEY("org_id","certificate_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_exams" (
	"org_id" text NOT NULL,
	"exam_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_keys" jsonb NOT NULL,
	"title" jsonb NOT NULL,
	"schedule" text NOT NULL,
	"target_role" text,
	"target_location_id" text,
	"pass_mark" integer NOT NULL,
	"certificate_months" integer,
	"retest_for" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_exams_org_id_exam_id_pk" PRIMARY KEY("org_id","exam_id"),
	CONSTRAINT "coaching_exams_pass_mark_ck" CHECK ("coaching_exams"."pass_mark" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "coaching_phrases" (
	"org_id" text NOT NULL,
	"phrase_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"kind" text NOT NULL,
	"text" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_phrases_org_id_phrase_id_pk" PRIMARY KEY("org_id","phrase_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_questions" (
	"org_id" text NOT NULL,
	"question_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"kind" text NOT NULL,
	"prompt" jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_questions_org_id_question_id_pk" PRIMARY KEY("org_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_read_receipts" (
	"org_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"journey_version" integer NOT NULL,
	"moment_key" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coaching_read_receipts_org_id_staff_id_journey_key_journey_version_moment_key_pk" PRIMARY KEY("org_id","staff_id","journey_key","journey_version","moment_key")
);
--> statement-breakpoint
CREATE TABLE "coaching_staff" (
	"org_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"user_id" text,
	"name" text NOT NULL,
	"location_id" text,
	"role" text,
	"locale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_staff_org_id_staff_id_pk" PRIMARY KEY("org_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_engagement_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"pulse_minimum_group" integer DEFAULT 5 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coaching_compliment_candidates" (
	"org_id" text NOT NULL,
	"response_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"location_id" text,
	"journey_key" text,
	"moment_key" text,
	"comment" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_compliment_candidates_org_id_response_id_pk" PRIMARY KEY("org_id","response_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_pulse_answers" (
	"org_id" text NOT NULL,
	"answer_id" text NOT NULL,
	"location_id" text NOT NULL,
	"period" text NOT NULL,
	"enps" smallint NOT NULL,
	"tools" smallint NOT NULL,
	"training" smallint NOT NULL,
	"recognition" smallint NOT NULL,
	CONSTRAINT "coaching_pulse_answers_org_id_answer_id_pk" PRIMARY KEY("org_id","answer_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_pulse_participation" (
	"org_id" text NOT NULL,
	"period" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "coaching_pulse_participation_org_id_period_user_id_pk" PRIMARY KEY("org_id","period","user_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_recognition_notifications" (
	"org_id" text NOT NULL,
	"notification_id" text NOT NULL,
	"user_id" text NOT NULL,
	"recognition_id" text NOT NULL,
	"audience" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_recognition_notifications_org_id_notification_id_pk" PRIMARY KEY("org_id","notification_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_recognitions" (
	"org_id" text NOT NULL,
	"recognition_id" text NOT NULL,
	"kind" text NOT NULL,
	"user_id" text,
	"staff_id" text,
	"location_id" text,
	"month" text NOT NULL,
	"response_id" text,
	"journey_key" text,
	"moment_key" text,
	"quote" text,
	"given_by" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_recognitions_org_id_recognition_id_pk" PRIMARY KEY("org_id","recognition_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_role_play_results" (
	"org_id" text NOT NULL,
	"result_id" text NOT NULL,
	"scenario_id" text NOT NULL,
	"staff_user_id" text NOT NULL,
	"scored_by" text NOT NULL,
	"scores" jsonb NOT NULL,
	"percent" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_role_play_results_org_id_result_id_pk" PRIMARY KEY("org_id","result_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_role_play_scenarios" (
	"org_id" text NOT NULL,
	"scenario_id" text NOT NULL,
	"journey_key" text NOT NULL,
	"moment_key" text NOT NULL,
	"customer_type" text NOT NULL,
	"title" text NOT NULL,
	"situation" text NOT NULL,
	"good_answer" text NOT NULL,
	"rubric" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "coaching_role_play_scenarios_org_id_scenario_id_pk" PRIMARY KEY("org_id","scenario_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_staff_links" (
	"org_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_staff_links_org_id_staff_id_pk" PRIMARY KEY("org_id","staff_id")
);
--> statement-breakpoint
ALTER TABLE "coaching_assignments" ADD CONSTRAINT "coaching_assignments_staff_fk" FOREIGN KEY ("org_id","staff_id") REFERENCES "public"."coaching_staff"("org_id","staff_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_assignments" ADD CONSTRAINT "coaching_assignments_exam_fk" FOREIGN KEY ("org_id","exam_id") REFERENCES "public"."coaching_exams"("org_id","exam_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_attempts" ADD CONSTRAINT "coaching_attempts_exam_fk" FOREIGN KEY ("org_id","exam_id") REFERENCES "public"."coaching_exams"("org_id","exam_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_attempts" ADD CONSTRAINT "coaching_attempts_staff_fk" FOREIGN KEY ("org_id","staff_id") REFERENCES "public"."coaching_staff"("org_id","staff_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_certificates" ADD CONSTRAINT "coaching_certificates_attempt_fk" FOREIGN KEY ("org_id","attempt_id") REFERENCES "public"."coaching_attempts"("org_id","attempt_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_certificates" ADD CONSTRAINT "coaching_certificates_staff_fk" FOREIGN KEY ("org_id","staff_id") REFERENCES "public"."coaching_staff"("org_id","staff_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_exams" ADD CONSTRAINT "coaching_exams_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_exams" ADD CONSTRAINT "coaching_exams_location_fk" FOREIGN KEY ("org_id","target_location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_phrases" ADD CONSTRAINT "coaching_phrases_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_questions" ADD CONSTRAINT "coaching_questions_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_read_receipts" ADD CONSTRAINT "coaching_read_receipts_staff_fk" FOREIGN KEY ("org_id","staff_id") REFERENCES "public"."coaching_staff"("org_id","staff_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_staff" ADD CONSTRAINT "coaching_staff_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_staff" ADD CONSTRAINT "coaching_staff_user_id_auth_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_staff" ADD CONSTRAINT "coaching_staff_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_engagement_settings" ADD CONSTRAINT "coaching_engagement_settings_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_compliment_candidates" ADD CONSTRAINT "coaching_compliment_candidates_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_pulse_answers" ADD CONSTRAINT "coaching_pulse_answers_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_pulse_answers" ADD CONSTRAINT "coaching_pulse_answers_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_pulse_participation" ADD CONSTRAINT "coaching_pulse_participation_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_pulse_participation" ADD CONSTRAINT "coaching_pulse_participation_member_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_recognition_notifications" ADD CONSTRAINT "coaching_recognition_notifications_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_recognition_notifications" ADD CONSTRAINT "coaching_recognition_notifications_member_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_recognition_notifications" ADD CONSTRAINT "coaching_recognition_notifications_recognition_fk" FOREIGN KEY ("org_id","recognition_id") REFERENCES "public"."coaching_recognitions"("org_id","recognition_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_recognitions" ADD CONSTRAINT "coaching_recognitions_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_recognitions" ADD CONSTRAINT "coaching_recognitions_member_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" ADD CONSTRAINT "coaching_role_play_results_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" ADD CONSTRAINT "coaching_role_play_results_scenario_fk" FOREIGN KEY ("org_id","scenario_id") REFERENCES "public"."coaching_role_play_scenarios"("org_id","scenario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" ADD CONSTRAINT "coaching_role_play_results_staff_fk" FOREIGN KEY ("org_id","staff_user_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_role_play_results" ADD CONSTRAINT "coaching_role_play_results_scorer_fk" FOREIGN KEY ("org_id","scored_by") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_role_play_scenarios" ADD CONSTRAINT "coaching_role_play_scenarios_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_staff_links" ADD CONSTRAINT "coaching_staff_links_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_staff_links" ADD CONSTRAINT "coaching_staff_links_member_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."memberships"("org_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coaching_assignments_once_uq" ON "coaching_assignments" USING btree ("org_id","staff_id","journey_key","moment_key","journey_version");--> statement-breakpoint
CREATE INDEX "coaching_attempts_staff_ix" ON "coaching_attempts" USING btree ("org_id","staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coaching_exams_retest_uq" ON "coaching_exams" USING btree ("org_id","journey_key","retest_for");--> statement-breakpoint
CREATE INDEX "coaching_phrases_moment_ix" ON "coaching_phrases" USING btree ("org_id","journey_key","moment_key");--> statement-breakpoint
CREATE INDEX "coaching_questions_moment_ix" ON "coaching_questions" USING btree ("org_id","journey_key","moment_key");--> statement-breakpoint
CREATE UNIQUE INDEX "coaching_staff_user_uq" ON "coaching_staff" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "coaching_compliment_candidates_created_ix" ON "coaching_compliment_candidates" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "coaching_pulse_answers_period_ix" ON "coaching_pulse_answers" USING btree ("org_id","period","location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coaching_recognition_notifications_uq" ON "coaching_recognition_notifications" USING btree ("org_id","recognition_id","user_id");--> statement-breakpoint
CREATE INDEX "coaching_recognition_notifications_user_ix" ON "coaching_recognition_notifications" USING btree ("org_id","user_id","notification_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coaching_recognitions_response_uq" ON "coaching_recognitions" USING btree ("org_id","response_id");--> statement-breakpoint
CREATE INDEX "coaching_recognitions_board_ix" ON "coaching_recognitions" USING btree ("org_id","month","location_id");--> statement-breakpoint
CREATE INDEX "coaching_role_play_results_staff_ix" ON "coaching_role_play_results" USING btree ("org_id","staff_user_id","result_id");--> statement-breakpoint
CREATE INDEX "coaching_role_play_scenarios_moment_ix" ON "coaching_role_play_scenarios" USING btree ("org_id","journey_key","moment_key");