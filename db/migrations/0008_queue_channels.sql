DROP INDEX "queue_messages_run_at_id_index";--> statement-breakpoint
ALTER TABLE "queue_messages" ADD COLUMN "channel" text DEFAULT 'work' NOT NULL;--> statement-breakpoint
CREATE INDEX "queue_messages_channel_run_at_id_index" ON "queue_messages" USING btree ("channel","run_at","id");--> statement-breakpoint
-- Messages queued before the split go to the queue that handles their kind.
UPDATE "queue_messages" SET "channel" = "message"->>'type' WHERE "message"->>'type' IN ('inbox', 'outbox', 'fanout');
