CREATE TYPE "public"."notification_kind" AS ENUM('follow', 'follow_request', 'reply', 'mention', 'like', 'boost');--> statement-breakpoint
CREATE TYPE "public"."token_scope" AS ENUM('read', 'write', 'admin');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" "token_scope"[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_iri" text NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"actor_iri" text NOT NULL,
	"object_iri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_recipient_iri_kind_actor_iri_object_iri_unique" UNIQUE NULLS NOT DISTINCT("recipient_iri","kind","actor_iri","object_iri")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_person_id_index" ON "api_tokens" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_iri_created_at_index" ON "notifications" USING btree ("recipient_iri","created_at");