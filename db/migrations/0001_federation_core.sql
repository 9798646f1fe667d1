CREATE TYPE "public"."follow_state" AS ENUM('pending', 'accepted');--> statement-breakpoint
CREATE TYPE "public"."reaction_kind" AS ENUM('like', 'boost');--> statement-breakpoint
CREATE TYPE "public"."visibility" AS ENUM('public', 'unlisted', 'followers', 'direct');--> statement-breakpoint
CREATE TABLE "follows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"follower_iri" text NOT NULL,
	"followee_iri" text NOT NULL,
	"state" "follow_state" DEFAULT 'pending' NOT NULL,
	"activity_iri" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"iri" text NOT NULL,
	"author_iri" text NOT NULL,
	"is_local" boolean NOT NULL,
	"type" text DEFAULT 'Note' NOT NULL,
	"default_language" text DEFAULT 'en' NOT NULL,
	"content_html" jsonb NOT NULL,
	"source" jsonb,
	"summary" text,
	"sensitive" boolean DEFAULT false NOT NULL,
	"visibility" "visibility" NOT NULL,
	"in_reply_to_iri" text,
	"context_iri" text,
	"url" text,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hashtags" text[] DEFAULT '{}'::text[] NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "posts_iri_unique" UNIQUE("iri")
);
--> statement-breakpoint
CREATE TABLE "reactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "reaction_kind" NOT NULL,
	"activity_iri" text NOT NULL,
	"actor_iri" text NOT NULL,
	"post_iri" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reactions_activity_iri_unique" UNIQUE("activity_iri")
);
--> statement-breakpoint
CREATE TABLE "remote_actors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"iri" text NOT NULL,
	"type" text NOT NULL,
	"handle" text NOT NULL,
	"name" text,
	"summary_html" text,
	"url" text,
	"icon_url" text,
	"inbox_iri" text NOT NULL,
	"shared_inbox_iri" text,
	"followers_iri" text,
	"manually_approves_followers" boolean DEFAULT false NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remote_actors_iri_unique" UNIQUE("iri")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "follows_follower_iri_followee_iri_index" ON "follows" USING btree ("follower_iri","followee_iri");--> statement-breakpoint
CREATE INDEX "follows_followee_iri_state_index" ON "follows" USING btree ("followee_iri","state");--> statement-breakpoint
CREATE INDEX "follows_activity_iri_index" ON "follows" USING btree ("activity_iri");--> statement-breakpoint
CREATE INDEX "posts_author_iri_published_at_index" ON "posts" USING btree ("author_iri","published_at");--> statement-breakpoint
CREATE INDEX "posts_in_reply_to_iri_index" ON "posts" USING btree ("in_reply_to_iri");--> statement-breakpoint
CREATE INDEX "posts_context_iri_index" ON "posts" USING btree ("context_iri");--> statement-breakpoint
CREATE INDEX "posts_is_local_published_at_index" ON "posts" USING btree ("is_local","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reactions_kind_actor_iri_post_iri_index" ON "reactions" USING btree ("kind","actor_iri","post_iri");--> statement-breakpoint
CREATE INDEX "reactions_post_iri_kind_index" ON "reactions" USING btree ("post_iri","kind");--> statement-breakpoint
CREATE INDEX "remote_actors_handle_index" ON "remote_actors" USING btree ("handle");