CREATE TYPE "public"."post_kind" AS ENUM('note', 'article', 'offer', 'need', 'lesson', 'event', 'proposal');--> statement-breakpoint
CREATE TYPE "public"."rsvp_status" AS ENUM('going', 'maybe', 'not_going');--> statement-breakpoint
CREATE TABLE "rsvps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_iri" text NOT NULL,
	"actor_iri" text NOT NULL,
	"status" "rsvp_status" NOT NULL,
	"activity_iri" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_iri" text NOT NULL,
	"voter_iri" text NOT NULL,
	"cast_by_iri" text,
	"choices" integer[] NOT NULL,
	"activity_iri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_activity_iri_unique" UNIQUE("activity_iri")
);
--> statement-breakpoint
ALTER TABLE "posts" ALTER COLUMN "summary" SET DATA TYPE jsonb USING CASE WHEN "summary" IS NULL THEN NULL ELSE jsonb_build_object("default_language", "summary") END;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "kind" "post_kind" DEFAULT 'note' NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "title" jsonb;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "details" jsonb;--> statement-breakpoint
UPDATE "posts" SET "kind" = 'article' WHERE "type" = 'Article';--> statement-breakpoint
CREATE UNIQUE INDEX "rsvps_event_iri_actor_iri_index" ON "rsvps" USING btree ("event_iri","actor_iri");--> statement-breakpoint
CREATE INDEX "rsvps_event_iri_status_index" ON "rsvps" USING btree ("event_iri","status");--> statement-breakpoint
CREATE UNIQUE INDEX "votes_proposal_iri_voter_iri_index" ON "votes" USING btree ("proposal_iri","voter_iri");--> statement-breakpoint
CREATE INDEX "posts_kind_published_at_index" ON "posts" USING btree ("kind","published_at");