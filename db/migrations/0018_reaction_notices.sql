-- Likes, boosts and votes change what the pages of a local post show (its counts, a proposal's
-- tallies), and anonymous pages are kept (web/page-cache.ts) until a notice names them. Announced
-- as "object|<post iri>" like an event's answers (0007): the post's document and its author's
-- pages are dropped. Only for local posts, since only those have pages and documents named by
-- their IRI; remote posts in lists age out of the page cache (its max age).
CREATE OR REPLACE FUNCTION hubnet_notify_reaction() RETURNS trigger AS $$
DECLARE post_iri text;
BEGIN
  IF TG_OP = 'DELETE' THEN post_iri := OLD.post_iri; ELSE post_iri := NEW.post_iri; END IF;
  IF EXISTS (SELECT 1 FROM posts WHERE iri = post_iri AND is_local) THEN
    PERFORM pg_notify('hubnet_documents', 'object|' || post_iri);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER reactions_notify AFTER INSERT OR DELETE ON reactions
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_reaction();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hubnet_notify_vote() RETURNS trigger AS $$
DECLARE proposal_iri text;
BEGIN
  IF TG_OP = 'DELETE' THEN proposal_iri := OLD.proposal_iri; ELSE proposal_iri := NEW.proposal_iri; END IF;
  IF EXISTS (SELECT 1 FROM posts WHERE iri = proposal_iri AND is_local) THEN
    PERFORM pg_notify('hubnet_documents', 'object|' || proposal_iri);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER votes_notify AFTER INSERT OR UPDATE OR DELETE ON votes
  FOR EACH ROW EXECUTE FUNCTION hubnet_notify_vote();
