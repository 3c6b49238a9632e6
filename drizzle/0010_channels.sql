CREATE TABLE "kiosk_devices" (
	"org_id" text NOT NULL,
	"device_id" text NOT NULL,
	"name" text NOT NULL,
	"location_id" text NOT NULL,
	"survey_id" text NOT NULL,
	"journey_key" text,
	"moment_key" text,
	"staff_id" text,
	"locale" text,
	"reset_seconds" integer DEFAULT 20 NOT NULL,
	"token_hash" text NOT NULL,
	"last_seen_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kiosk_devices_org_id_device_id_pk" PRIMARY KEY("org_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "survey_widgets" (
	"org_id" text NOT NULL,
	"widget_id" text NOT NULL,
	"name" text NOT NULL,
	"survey_id" text NOT NULL,
	"link_id" text NOT NULL,
	"allowed_origins" jsonb NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_widgets_org_id_widget_id_pk" PRIMARY KEY("org_id","widget_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"org_id" text NOT NULL,
	"delivery_id" text NOT NULL,
	"attempt" smallint NOT NULL,
	"status_code" integer,
	"duration_ms" integer NOT NULL,
	"error" text,
	"attempted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_attempts_org_id_delivery_id_attempt_pk" PRIMARY KEY("org_id","delivery_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"org_id" text NOT NULL,
	"delivery_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_org_id_delivery_id_pk" PRIMARY KEY("org_id","delivery_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"org_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"secret" text NOT NULL,
	"event_types" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_org_id_endpoint_id_pk" PRIMARY KEY("org_id","endpoint_id")
);
--> statement-breakpoint
ALTER TABLE "kiosk_devices" ADD CONSTRAINT "kiosk_devices_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_devices" ADD CONSTRAINT "kiosk_devices_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_devices" ADD CONSTRAINT "kiosk_devices_location_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."locations"("org_id","location_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_devices" ADD CONSTRAINT "kiosk_devices_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","survey_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_widgets" ADD CONSTRAINT "survey_widgets_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_widgets" ADD CONSTRAINT "survey_widgets_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_widgets" ADD CONSTRAINT "survey_widgets_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","survey_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_widgets" ADD CONSTRAINT "survey_widgets_link_fk" FOREIGN KEY ("org_id","link_id") REFERENCES "public"."survey_links"("org_id","link_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_fk" FOREIGN KEY ("org_id","delivery_id") REFERENCES "public"."webhook_deliveries"("org_id","delivery_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_fk" FOREIGN KEY ("org_id","endpoint_id") REFERENCES "public"."webhook_endpoints"("org_id","endpoint_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_devices_token_uq" ON "kiosk_devices" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_widgets_link_uq" ON "survey_widgets" USING btree ("org_id","link_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_ix" ON "webhook_deliveries" USING btree ("org_id","endpoint_id","delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_ix" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';