CREATE TABLE "queue_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message" jsonb NOT NULL,
	"ordering_key" text,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "queue_messages_run_at_id_index" ON "queue_messages" USING btree ("run_at","id");--> statement-breakpoint
CREATE INDEX "queue_messages_ordering_key_index" ON "queue_messages" USING btree ("ordering_key");