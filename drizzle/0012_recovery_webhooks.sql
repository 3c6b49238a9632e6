CREATE TABLE "recovery_webhooks" (
	"org_id" text NOT NULL,
	"webhook_id" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_webhooks_org_id_webhook_id_pk" PRIMARY KEY("org_id","webhook_id")
);
--> statement-breakpoint
CREATE TABLE "recovery_webhook_deliveries" (
	"org_id" text NOT NULL,
	"delivery_id" text NOT NULL,
	"webhook_id" text NOT NULL,
	"case_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_webhook_deliveries_org_id_delivery_id_pk" PRIMARY KEY("org_id","delivery_id")
);
--> statement-breakpoint
ALTER TABLE "recovery_webhooks" ADD CONSTRAINT "recovery_webhooks_org_id_organizations_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_webhook_deliveries" ADD CONSTRAINT "recovery_webhook_deliveries_webhook_fk" FOREIGN KEY ("org_id","webhook_id") REFERENCES "public"."recovery_webhooks"("org_id","webhook_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recovery_webhook_deliveries_due_ix" ON "recovery_webhook_deliveries" USING btree ("next_attempt_at") WHERE "recovery_webhook_deliveries"."status" in ('pending', 'sending');