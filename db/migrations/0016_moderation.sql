CREATE TYPE "public"."domain_block_level" AS ENUM('suspend', 'silence', 'reject-media');--> statement-breakpoint
CREATE TYPE "public"."instance_role" AS ENUM('admin', 'moderator');--> statement-breakpoint
CREATE TYPE "public"."moderation_action" AS ENUM('domain-suspended', 'domain-silenced', 'domain-media-rejected', 'domain-unblocked', 'allowlist-on', 'allowlist-off', 'domain-allowed', 'domain-disallowed', 'actor-blocked', 'actor-unblocked', 'content-removed', 'report-resolved', 'account-suspended', 'account-unsuspended', 'account-deleted', 'role-granted', 'role-revoked', 'space-blocked', 'space-unblocked');--> statement-breakpoint
CREATE TYPE "public"."report_action" AS ENUM('none', 'remove-content', 'block-actor', 'block-domain');--> statement-breakpoint
CREATE TYPE "public"."report_category" AS ENUM('spam', 'abuse', 'illegal', 'other');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."space_block_kind" AS ENUM('actor', 'domain');--> statement-breakpoint
CREATE TABLE "actor_blocks" (
	"actor_iri" text PRIMARY KEY NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allowed_domains" (
	"domain" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_blocks" (
	"domain" text PRIMARY KEY NOT NULL,
	"level" "domain_block_level" NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action" "moderation_action" NOT NULL,
	"target" text NOT NULL,
	"space" text,
	"detail" text,
	"reason" text DEFAULT '' NOT NULL,
	"category" "report_category",
	"by_person_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reporter_id" uuid,
	"source_domain" text,
	"flag_iri" text,
	"actor_iri" text NOT NULL,
	"object_iris" text[] DEFAULT '{}'::text[] NOT NULL,
	"category" "report_category" DEFAULT 'other' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"forwarded_at" timestamp with time zone,
	"status" "report_status" DEFAULT 'open' NOT NULL,
	"action" "report_action",
	"note" text,
	"resolved_by_id" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_flag_iri_unique" UNIQUE("flag_iri")
);
--> statement-breakpoint
CREATE TABLE "space_blocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"kind" "space_block_kind" NOT NULL,
	"target" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "instance_role" "instance_role";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_by_person_id_people_id_fk" FOREIGN KEY ("by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_people_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_resolved_by_id_people_id_fk" FOREIGN KEY ("resolved_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_blocks" ADD CONSTRAINT "space_blocks_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "moderation_log_created_at_id_index" ON "moderation_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "reports_status_created_at_id_index" ON "reports" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "space_blocks_space_id_target_index" ON "space_blocks" USING btree ("space_id","target");--> statement-breakpoint
CREATE INDEX "space_blocks_space_id_created_at_id_index" ON "space_blocks" USING btree ("space_id","created_at","id");--> statement-breakpoint
-- Operators of earlier versions are the instance's admins.
UPDATE "people" SET "instance_role" = 'admin' WHERE "is_operator";--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "is_operator";--> statement-breakpoint
-- Suspended accounts are few; the visibility rule looks them up by handle (server/posts/visibility.ts).
CREATE INDEX "people_suspended_handle_index" ON "people" ("handle") WHERE "suspended_at" IS NOT NULL;--> statement-breakpoint
-- The host of an IRI, lowercased, without port or user: what domain blocks are about.
CREATE FUNCTION hubnet_host(iri text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(substring(iri FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)'))
$$;--> statement-breakpoint
-- Whether a block of `domain` covers `host`: the domain itself and its subdomains.
CREATE FUNCTION hubnet_domain_covers(domain text, host text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT host = domain OR right(host, length(domain) + 1) = '.' || domain
$$;--> statement-breakpoint
-- Whether nothing of this actor may be stored here: it is blocked, or its domain suspended.
CREATE FUNCTION hubnet_refused_actor(iri text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT iri IS NOT NULL AND (
    EXISTS (SELECT 1 FROM actor_blocks b WHERE b.actor_iri = iri)
    OR EXISTS (SELECT 1 FROM domain_blocks b
      WHERE b.level = 'suspend' AND hubnet_domain_covers(b.domain, hubnet_host(iri))))
$$;--> statement-breakpoint
-- The last line of the suspension rule: whatever path a write takes, no row naming a refused
-- actor (in the columns given as arguments) is ever stored. The block itself is committed while
-- holding a lock these tables' writers wait for (server/moderation/domain-policy.ts), so no write
-- that began before it can land after the content is purged.
CREATE FUNCTION hubnet_refuse_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  column_name text;
  value text;
BEGIN
  FOREACH column_name IN ARRAY TG_ARGV LOOP
    EXECUTE format('SELECT ($1).%I::text', column_name) INTO value USING NEW;
    IF hubnet_refused_actor(value) THEN
      RAISE EXCEPTION 'refused: % is blocked on this instance', value USING ERRCODE = 'HN403';
    END IF;
  END LOOP;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER posts_refuse_blocked BEFORE INSERT ON posts
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('author_iri');--> statement-breakpoint
CREATE TRIGGER reactions_refuse_blocked BEFORE INSERT ON reactions
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('actor_iri');--> statement-breakpoint
CREATE TRIGGER follows_refuse_blocked BEFORE INSERT ON follows
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('follower_iri', 'followee_iri');--> statement-breakpoint
CREATE TRIGGER votes_refuse_blocked BEFORE INSERT ON votes
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('voter_iri');--> statement-breakpoint
CREATE TRIGGER rsvps_refuse_blocked BEFORE INSERT ON rsvps
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('actor_iri');--> statement-breakpoint
CREATE TRIGGER remote_actors_refuse_blocked BEFORE INSERT ON remote_actors
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('iri');--> statement-breakpoint
CREATE TRIGGER notifications_refuse_blocked BEFORE INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('actor_iri');--> statement-breakpoint
CREATE TRIGGER memberships_refuse_blocked BEFORE INSERT ON memberships
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('member_iri', 'hub_iri');--> statement-breakpoint
CREATE TRIGGER relays_refuse_blocked BEFORE INSERT ON relays
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('hub_iri');--> statement-breakpoint
CREATE TRIGGER directory_entries_refuse_blocked BEFORE INSERT ON directory_entries
  FOR EACH ROW EXECUTE FUNCTION hubnet_refuse_blocked('iri');
