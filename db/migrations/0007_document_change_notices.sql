-- Every change to what a federation document shows is announced on the channel
-- `hubnet_documents`, after commit, so each process drops exactly the cached documents it makes
-- stale (federation/document-cache.ts). Payload: "<what>|<iri>[|<iri>]".
CREATE OR REPLACE FUNCTION hubnet_notify_post() RETURNS trigger AS $$
DECLARE row_data posts%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF row_data.is_local THEN
    PERFORM pg_notify('hubnet_documents', 'post|' || row_data.author_iri || '|' || row_data.iri);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER posts_notify AFTER INSERT OR UPDATE OR DELETE ON posts
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_post();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hubnet_notify_actor() RETURNS trigger AS $$
DECLARE handle text;
BEGIN
  IF TG_OP = 'DELETE' THEN handle := OLD.handle; ELSE handle := NEW.handle; END IF;
  PERFORM pg_notify('hubnet_documents', 'actor|' || handle);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER spaces_notify AFTER INSERT OR UPDATE OR DELETE ON spaces
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_actor();
--> statement-breakpoint
CREATE TRIGGER people_notify AFTER INSERT OR UPDATE OR DELETE ON people
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_actor();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hubnet_notify_keys() RETURNS trigger AS $$
DECLARE handle text;
BEGIN
  IF TG_OP = 'DELETE' THEN handle := OLD.actor_identifier; ELSE handle := NEW.actor_identifier; END IF;
  PERFORM pg_notify('hubnet_documents', 'actor|' || handle);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER key_pairs_notify AFTER INSERT OR UPDATE OR DELETE ON key_pairs
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_keys();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hubnet_notify_follow() RETURNS trigger AS $$
DECLARE row_data follows%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  PERFORM pg_notify('hubnet_documents', 'follow|' || row_data.follower_iri || '|' || row_data.followee_iri);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER follows_notify AFTER INSERT OR UPDATE OR DELETE ON follows
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_follow();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hubnet_notify_rsvp() RETURNS trigger AS $$
DECLARE event_iri text;
BEGIN
  IF TG_OP = 'DELETE' THEN event_iri := OLD.event_iri; ELSE event_iri := NEW.event_iri; END IF;
  PERFORM pg_notify('hubnet_documents', 'object|' || event_iri);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER rsvps_notify AFTER INSERT OR UPDATE OR DELETE ON rsvps
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_rsvp();
