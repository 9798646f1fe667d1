CREATE TABLE "actor_stats" (
	"actor_iri" text NOT NULL,
	"shard" integer NOT NULL,
	"open_posts" integer DEFAULT 0 NOT NULL,
	"followers" integer DEFAULT 0 NOT NULL,
	"following" integer DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "actor_stats_actor_iri_shard_pk" PRIMARY KEY("actor_iri","shard")
);
--> statement-breakpoint
CREATE TABLE "post_mentions" (
	"href" text NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"post_id" uuid NOT NULL,
	CONSTRAINT "post_mentions_href_published_at_post_id_pk" PRIMARY KEY("href","published_at","post_id")
);
--> statement-breakpoint
CREATE TABLE "post_stats" (
	"post_iri" text NOT NULL,
	"shard" integer NOT NULL,
	"likes" integer DEFAULT 0 NOT NULL,
	"boosts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "post_stats_post_iri_shard_pk" PRIMARY KEY("post_iri","shard")
);
--> statement-breakpoint
ALTER TABLE "post_mentions" ADD CONSTRAINT "post_mentions_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_mentions_post_id_index" ON "post_mentions" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "posts_author_shared_index" ON "posts" USING btree ("author_iri","published_at","id") WHERE visibility IN ('public', 'unlisted', 'followers');--> statement-breakpoint
-- Counters kept by the rows they count (db/schema.ts, actor_stats and post_stats). Each trigger
-- runs once per statement and adds what its rows changed, grouped per actor or post, in one
-- INSERT … ON CONFLICT DO UPDATE SET n = n + d: atomic whatever runs at once, and cheap for a
-- statement that inserts or deletes a million rows. Rows are locked in IRI order, so two
-- statements never wait on each other crosswise. The shard is the session's: sessions of other
-- shards never wait on each other's counts of one actor.
CREATE FUNCTION hubnet_stats_shard() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT pg_backend_pid() % 8
$$;
--> statement-breakpoint
CREATE FUNCTION hubnet_count_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- PL/pgSQL plans a statement when it first runs it, so each branch names only the transition
  -- tables its event has.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO actor_stats AS s (actor_iri, shard, open_posts)
    SELECT author_iri, hubnet_stats_shard(), count(*) FROM new_rows
    WHERE visibility IN ('public', 'unlisted') GROUP BY author_iri ORDER BY author_iri
    ON CONFLICT (actor_iri, shard) DO UPDATE SET open_posts = s.open_posts + excluded.open_posts;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO actor_stats AS s (actor_iri, shard, open_posts)
    SELECT author_iri, hubnet_stats_shard(), -count(*) FROM old_rows
    WHERE visibility IN ('public', 'unlisted') GROUP BY author_iri ORDER BY author_iri
    ON CONFLICT (actor_iri, shard) DO UPDATE SET open_posts = s.open_posts + excluded.open_posts;
  ELSE
    INSERT INTO actor_stats AS s (actor_iri, shard, open_posts)
    SELECT iri, hubnet_stats_shard(), sum(d) FROM (
      SELECT author_iri AS iri, 1 AS d FROM new_rows WHERE visibility IN ('public', 'unlisted')
      UNION ALL
      SELECT author_iri, -1 FROM old_rows WHERE visibility IN ('public', 'unlisted')
    ) changes GROUP BY iri HAVING sum(d) <> 0 ORDER BY iri
    ON CONFLICT (actor_iri, shard) DO UPDATE SET open_posts = s.open_posts + excluded.open_posts;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER posts_count_insert AFTER INSERT ON posts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_posts();
--> statement-breakpoint
CREATE TRIGGER posts_count_delete AFTER DELETE ON posts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_posts();
--> statement-breakpoint
CREATE TRIGGER posts_count_update AFTER UPDATE ON posts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_posts();
--> statement-breakpoint
-- An accepted follow counts for both sides: a follower of the followee, a followed of the follower.
CREATE FUNCTION hubnet_count_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO actor_stats AS s (actor_iri, shard, followers, following)
    SELECT iri, hubnet_stats_shard(), sum(fr), sum(fg) FROM (
      SELECT followee_iri AS iri, 1 AS fr, 0 AS fg FROM new_rows WHERE state = 'accepted'
      UNION ALL SELECT follower_iri, 0, 1 FROM new_rows WHERE state = 'accepted'
    ) changes GROUP BY iri ORDER BY iri
    ON CONFLICT (actor_iri, shard) DO UPDATE
      SET followers = s.followers + excluded.followers, following = s.following + excluded.following;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO actor_stats AS s (actor_iri, shard, followers, following)
    SELECT iri, hubnet_stats_shard(), sum(fr), sum(fg) FROM (
      SELECT followee_iri AS iri, -1 AS fr, 0 AS fg FROM old_rows WHERE state = 'accepted'
      UNION ALL SELECT follower_iri, 0, -1 FROM old_rows WHERE state = 'accepted'
    ) changes GROUP BY iri ORDER BY iri
    ON CONFLICT (actor_iri, shard) DO UPDATE
      SET followers = s.followers + excluded.followers, following = s.following + excluded.following;
  ELSE
    INSERT INTO actor_stats AS s (actor_iri, shard, followers, following)
    SELECT iri, hubnet_stats_shard(), sum(fr), sum(fg) FROM (
      SELECT followee_iri AS iri, 1 AS fr, 0 AS fg FROM new_rows WHERE state = 'accepted'
      UNION ALL SELECT follower_iri, 0, 1 FROM new_rows WHERE state = 'accepted'
      UNION ALL SELECT followee_iri, -1, 0 FROM old_rows WHERE state = 'accepted'
      UNION ALL SELECT follower_iri, 0, -1 FROM old_rows WHERE state = 'accepted'
    ) changes GROUP BY iri HAVING sum(fr) <> 0 OR sum(fg) <> 0 ORDER BY iri
    ON CONFLICT (actor_iri, shard) DO UPDATE
      SET followers = s.followers + excluded.followers, following = s.following + excluded.following;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER follows_count_insert AFTER INSERT ON follows REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_follows();
--> statement-breakpoint
CREATE TRIGGER follows_count_delete AFTER DELETE ON follows REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_follows();
--> statement-breakpoint
CREATE TRIGGER follows_count_update AFTER UPDATE ON follows
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_follows();
--> statement-breakpoint
CREATE FUNCTION hubnet_count_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO actor_stats AS s (actor_iri, shard, members)
    SELECT hub_iri, hubnet_stats_shard(), count(*) FROM new_rows
    WHERE state = 'accepted' GROUP BY hub_iri ORDER BY hub_iri
    ON CONFLICT (actor_iri, shard) DO UPDATE SET members = s.members + excluded.members;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO actor_stats AS s (actor_iri, shard, members)
    SELECT hub_iri, hubnet_stats_shard(), -count(*) FROM old_rows
    WHERE state = 'accepted' GROUP BY hub_iri ORDER BY hub_iri
    ON CONFLICT (actor_iri, shard) DO UPDATE SET members = s.members + excluded.members;
  ELSE
    INSERT INTO actor_stats AS s (actor_iri, shard, members)
    SELECT iri, hubnet_stats_shard(), sum(d) FROM (
      SELECT hub_iri AS iri, 1 AS d FROM new_rows WHERE state = 'accepted'
      UNION ALL SELECT hub_iri, -1 FROM old_rows WHERE state = 'accepted'
    ) changes GROUP BY iri HAVING sum(d) <> 0 ORDER BY iri
    ON CONFLICT (actor_iri, shard) DO UPDATE SET members = s.members + excluded.members;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER memberships_count_insert AFTER INSERT ON memberships
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_memberships();
--> statement-breakpoint
CREATE TRIGGER memberships_count_delete AFTER DELETE ON memberships
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_memberships();
--> statement-breakpoint
CREATE TRIGGER memberships_count_update AFTER UPDATE ON memberships
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_memberships();
--> statement-breakpoint
CREATE FUNCTION hubnet_count_reactions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO post_stats AS s (post_iri, shard, likes, boosts)
    SELECT post_iri, hubnet_stats_shard(), count(*) FILTER (WHERE kind = 'like'),
           count(*) FILTER (WHERE kind = 'boost')
    FROM new_rows GROUP BY post_iri ORDER BY post_iri
    ON CONFLICT (post_iri, shard) DO UPDATE
      SET likes = s.likes + excluded.likes, boosts = s.boosts + excluded.boosts;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO post_stats AS s (post_iri, shard, likes, boosts)
    SELECT post_iri, hubnet_stats_shard(), -count(*) FILTER (WHERE kind = 'like'),
           -count(*) FILTER (WHERE kind = 'boost')
    FROM old_rows GROUP BY post_iri ORDER BY post_iri
    ON CONFLICT (post_iri, shard) DO UPDATE
      SET likes = s.likes + excluded.likes, boosts = s.boosts + excluded.boosts;
  ELSE
    INSERT INTO post_stats AS s (post_iri, shard, likes, boosts)
    SELECT iri, hubnet_stats_shard(), sum(l), sum(b) FROM (
      SELECT post_iri AS iri, (kind = 'like')::int AS l, (kind = 'boost')::int AS b FROM new_rows
      UNION ALL SELECT post_iri, -(kind = 'like')::int, -(kind = 'boost')::int FROM old_rows
    ) changes GROUP BY iri HAVING sum(l) <> 0 OR sum(b) <> 0 ORDER BY iri
    ON CONFLICT (post_iri, shard) DO UPDATE
      SET likes = s.likes + excluded.likes, boosts = s.boosts + excluded.boosts;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reactions_count_insert AFTER INSERT ON reactions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_reactions();
--> statement-breakpoint
CREATE TRIGGER reactions_count_delete AFTER DELETE ON reactions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_reactions();
--> statement-breakpoint
CREATE TRIGGER reactions_count_update AFTER UPDATE ON reactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_count_reactions();
--> statement-breakpoint
-- Who each post mentions, kept as rows (post_mentions) for the home timeline's mentions read.
-- A deleted post's rows go with it (ON DELETE CASCADE); a post whose mentions or time change
-- has its rows written again.
CREATE FUNCTION hubnet_index_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM post_mentions m USING old_rows o JOIN new_rows n ON n.id = o.id
    WHERE m.post_id = o.id
      AND (o.mentions IS DISTINCT FROM n.mentions OR o.published_at <> n.published_at);
    INSERT INTO post_mentions (href, published_at, post_id)
    SELECT DISTINCT e.mention->>'href', n.published_at, n.id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(n.mentions) = 'array' THEN n.mentions ELSE '[]' END) AS e(mention)
    WHERE (o.mentions IS DISTINCT FROM n.mentions OR o.published_at <> n.published_at)
      AND e.mention->>'href' IS NOT NULL
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO post_mentions (href, published_at, post_id)
    SELECT DISTINCT e.mention->>'href', n.published_at, n.id
    FROM new_rows n
    CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(n.mentions) = 'array' THEN n.mentions ELSE '[]' END) AS e(mention)
    WHERE e.mention->>'href' IS NOT NULL
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER posts_mentions_insert AFTER INSERT ON posts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_index_mentions();
--> statement-breakpoint
CREATE TRIGGER posts_mentions_update AFTER UPDATE ON posts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hubnet_index_mentions();
--> statement-breakpoint
-- Counts again from the counted rows, and writes again who each post mentions, for repair
-- (`npm run hubnet -- recount`) and the backfill below. It locks the counted tables against
-- writes while it counts, so no change slips between the count and its replacing the kept one;
-- readers go on.
CREATE FUNCTION hubnet_recount() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE posts, follows, memberships, reactions IN SHARE MODE;
  DELETE FROM actor_stats;
  DELETE FROM post_stats;
  INSERT INTO actor_stats (actor_iri, shard, open_posts, followers, following, members)
  SELECT iri, 0, sum(p), sum(fr), sum(fg), sum(m) FROM (
    SELECT author_iri AS iri, count(*) AS p, 0 AS fr, 0 AS fg, 0 AS m FROM posts
      WHERE visibility IN ('public', 'unlisted') GROUP BY author_iri
    UNION ALL SELECT followee_iri, 0, count(*), 0, 0 FROM follows
      WHERE state = 'accepted' GROUP BY followee_iri
    UNION ALL SELECT follower_iri, 0, 0, count(*), 0 FROM follows
      WHERE state = 'accepted' GROUP BY follower_iri
    UNION ALL SELECT hub_iri, 0, 0, 0, count(*) FROM memberships
      WHERE state = 'accepted' GROUP BY hub_iri
  ) counts GROUP BY iri;
  INSERT INTO post_stats (post_iri, shard, likes, boosts)
  SELECT post_iri, 0, count(*) FILTER (WHERE kind = 'like'), count(*) FILTER (WHERE kind = 'boost')
  FROM reactions GROUP BY post_iri;
  DELETE FROM post_mentions;
  INSERT INTO post_mentions (href, published_at, post_id)
  SELECT DISTINCT e.mention->>'href', p.published_at, p.id
  FROM posts p
  CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(p.mentions) = 'array' THEN p.mentions ELSE '[]' END) AS e(mention)
  WHERE e.mention->>'href' IS NOT NULL;
  -- Cached documents may show the totals just repaired: a notice of a kind no process knows
  -- makes each drop all it has cached (federation/document-cache.ts).
  PERFORM pg_notify('hubnet_documents', 'recount');
END $$;
--> statement-breakpoint
SELECT hubnet_recount();
