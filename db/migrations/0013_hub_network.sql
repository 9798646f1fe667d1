-- The hub network: memberships between spaces with their history, relays (FEP-1b12), the
-- directory of every space met, a hub's acceptance setting, the audience of a post, and
-- notifications of requests to join a hub.
CREATE TYPE "public"."membership_approval" AS ENUM('automatic', 'manual');--> statement-breakpoint
CREATE TYPE "public"."membership_change" AS ENUM('requested', 'accepted', 'rejected', 'withdrawn', 'left', 'removed', 'suspended', 'reinstated');--> statement-breakpoint
CREATE TYPE "public"."membership_state" AS ENUM('pending', 'accepted');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'join_request';--> statement-breakpoint
CREATE TABLE "directory_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"iri" text NOT NULL,
	"is_local" boolean DEFAULT false NOT NULL,
	"handle" text NOT NULL,
	"kind" "space_kind",
	"focus" "hub_focus",
	"default_language" text,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"url" text,
	"icon_url" text,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"software" text,
	"member_count" integer,
	"follower_count" integer,
	"post_count" integer,
	"last_activity_at" timestamp (3) with time zone,
	"met_via" text NOT NULL,
	"met_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"active_at" timestamp (3) with time zone GENERATED ALWAYS AS (coalesce(last_activity_at, met_at)) STORED NOT NULL,
	"refreshed_at" timestamp with time zone,
	"failed_refreshes" integer DEFAULT 0 NOT NULL,
	"unreachable_since" timestamp with time zone,
	CONSTRAINT "directory_entries_iri_unique" UNIQUE("iri")
);
--> statement-breakpoint
CREATE TABLE "membership_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_iri" text NOT NULL,
	"member_iri" text NOT NULL,
	"change" "membership_change" NOT NULL,
	"actor_iri" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_iri" text NOT NULL,
	"hub_iri" text NOT NULL,
	"state" "membership_state" DEFAULT 'pending' NOT NULL,
	"activity_iri" text NOT NULL,
	"requested_by_iri" text NOT NULL,
	"answered_by_iri" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp (3) with time zone,
	"suspended_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "relays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_iri" text NOT NULL,
	"post_iri" text NOT NULL,
	"activity_iri" text NOT NULL,
	"relayed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relays_activity_iri_unique" UNIQUE("activity_iri")
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "audience_iri" text;--> statement-breakpoint
ALTER TABLE "spaces" ADD COLUMN "membership_approval" "membership_approval" DEFAULT 'manual' NOT NULL;--> statement-breakpoint
CREATE INDEX "directory_entries_active_at_id_index" ON "directory_entries" USING btree ("active_at","id");--> statement-breakpoint
CREATE INDEX "directory_entries_refreshed_at_index" ON "directory_entries" USING btree ("refreshed_at");--> statement-breakpoint
CREATE INDEX "directory_entries_regions_index" ON "directory_entries" USING gin ("regions");--> statement-breakpoint
CREATE INDEX "directory_entries_languages_index" ON "directory_entries" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "directory_entries_themes_index" ON "directory_entries" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "membership_events_hub_iri_at_id_index" ON "membership_events" USING btree ("hub_iri","at","id");--> statement-breakpoint
CREATE INDEX "membership_events_member_iri_at_id_index" ON "membership_events" USING btree ("member_iri","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_member_iri_hub_iri_index" ON "memberships" USING btree ("member_iri","hub_iri");--> statement-breakpoint
CREATE INDEX "memberships_hub_iri_state_created_at_id_index" ON "memberships" USING btree ("hub_iri","state","created_at","id");--> statement-breakpoint
CREATE INDEX "memberships_member_iri_state_created_at_id_index" ON "memberships" USING btree ("member_iri","state","created_at","id");--> statement-breakpoint
CREATE INDEX "memberships_activity_iri_index" ON "memberships" USING btree ("activity_iri");--> statement-breakpoint
CREATE UNIQUE INDEX "relays_hub_iri_post_iri_index" ON "relays" USING btree ("hub_iri","post_iri");--> statement-breakpoint
CREATE INDEX "relays_post_iri_index" ON "relays" USING btree ("post_iri");--> statement-breakpoint
-- A membership shows in both spaces' actors (memberOf) and the hub's members collection: their
-- cached documents are dropped on every change (federation/document-cache.ts).
CREATE OR REPLACE FUNCTION hubnet_notify_membership() RETURNS trigger AS $$
DECLARE row_data memberships%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  PERFORM pg_notify('hubnet_documents', 'membership|' || row_data.member_iri || '|' || row_data.hub_iri);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER memberships_notify AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_membership();
