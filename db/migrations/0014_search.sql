-- Full-text search (server/search): every post and every space of the directory carries its
-- words as a stored tsvector, generated from its texts in each of their languages, and a GIN
-- index finds them.
-- The columns are generated, so every write (a local post, a remote one arriving, an edit) keeps
-- them in step without any code remembering to. They are not in db/schema.ts: lists never read
-- them, and Drizzle would otherwise fetch a post's words with every post.

-- The text search configuration for a BCP 47 tag: PostgreSQL's stemmer for its language where it
-- has one, `simple` (words as written, lower-cased) elsewhere (Chinese, Bengali, Swahili …).
-- A configuration this PostgreSQL lacks (Estonian before 18) reads as `simple` too. Marked
-- immutable because the set of built-in configurations only changes with PostgreSQL itself.
CREATE FUNCTION hubnet_text_search_config(language text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce((SELECT c.oid::regconfig FROM pg_ts_config c
    WHERE c.cfgnamespace = 'pg_catalog'::regnamespace AND c.cfgname = CASE lower(split_part(language, '-', 1))
    WHEN 'ar' THEN 'arabic'
    WHEN 'hy' THEN 'armenian'
    WHEN 'eu' THEN 'basque'
    WHEN 'ca' THEN 'catalan'
    WHEN 'da' THEN 'danish'
    WHEN 'nl' THEN 'dutch'
    WHEN 'en' THEN 'english'
    WHEN 'et' THEN 'estonian'
    WHEN 'fi' THEN 'finnish'
    WHEN 'fr' THEN 'french'
    WHEN 'de' THEN 'german'
    WHEN 'el' THEN 'greek'
    WHEN 'hi' THEN 'hindi'
    WHEN 'hu' THEN 'hungarian'
    WHEN 'id' THEN 'indonesian'
    WHEN 'ga' THEN 'irish'
    WHEN 'it' THEN 'italian'
    WHEN 'lt' THEN 'lithuanian'
    WHEN 'ne' THEN 'nepali'
    WHEN 'no' THEN 'norwegian'
    WHEN 'nb' THEN 'norwegian'
    WHEN 'nn' THEN 'norwegian'
    WHEN 'pt' THEN 'portuguese'
    WHEN 'ro' THEN 'romanian'
    WHEN 'ru' THEN 'russian'
    WHEN 'sr' THEN 'serbian'
    WHEN 'es' THEN 'spanish'
    WHEN 'sv' THEN 'swedish'
    WHEN 'ta' THEN 'tamil'
    WHEN 'tr' THEN 'turkish'
    WHEN 'yi' THEN 'yiddish'
  END), 'pg_catalog.simple'::regconfig)
$$;--> statement-breakpoint

-- Accents are left out on both sides, so "wikimedia" finds "Wikimédia" and "educación" finds
-- "educacion", as people type on phones: Latin, Greek and other letters lose their combining
-- marks. Cyrillic keeps them (й is not и to the Russian stemmer); other scripts' marks are
-- letters of their own and untouched.
CREATE FUNCTION hubnet_fold_accents(body text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT normalize(
    regexp_replace(normalize(body, NFD), '(?<![\u0400-\u04ff])[\u0300-\u036f]', '', 'g'), NFC)
$$;--> statement-breakpoint

-- Chinese and Japanese write words without spaces between them, which the parser would read as
-- one word per sentence. Each Han or kana character becomes a word of its own; a query's run of
-- them becomes a phrase (hubnet_search_query), so "百科" finds "维基百科" and "科百" does not.
CREATE FUNCTION hubnet_search_words(body text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(hubnet_fold_accents(body),
    '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])', ' \1 ', 'g')
$$;--> statement-breakpoint

-- A language map (an object of tag → text) or nothing: stored values are validated on the way
-- in, but a generated column that fails would refuse the whole post, so anything else is empty.
CREATE FUNCTION hubnet_language_map(value jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(value) = 'object' THEN value ELSE '{}'::jsonb END
$$;--> statement-breakpoint

CREATE FUNCTION hubnet_json_array(value jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(value) = 'array' THEN value ELSE '[]'::jsonb END
$$;--> statement-breakpoint

-- A post's words: its title (weight A), summary (B), body and the texts of its structured fields
-- (C: a lesson's sections, a proposal's options) and an event's place (D), each in the
-- configuration of its own language. At most 100,000 characters are read, the default language
-- and the weightier fields first, so a post written in a hundred languages cannot outgrow the
-- tsvector's limit of one megabyte and be refused.
CREATE FUNCTION hubnet_post_search_vector(
  default_language text, title jsonb, summary jsonb, content_html jsonb, details jsonb
) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  budget integer := 100000;
  words tsvector := '';
  part record;
  body text;
BEGIN
  FOR part IN
    SELECT t.weight, t.language, t.body FROM (
      SELECT 'A'::"char" AS weight, 1 AS field, m.key AS language, m.value AS body
        FROM jsonb_each_text(hubnet_language_map(title)) m
      UNION ALL
      SELECT 'B', 2, m.key, m.value FROM jsonb_each_text(hubnet_language_map(summary)) m
      UNION ALL
      -- The parser would skip whole tags, but not the words in a tag broken by CJK spacing.
      SELECT 'C', 3, m.key, regexp_replace(m.value, '<[^>]*>', ' ', 'g')
        FROM jsonb_each_text(hubnet_language_map(content_html)) m
      UNION ALL
      SELECT 'C', 4, m.key, m.value
        FROM unnest(ARRAY['context', 'whatHappened', 'outcome', 'recommendations']) f,
             jsonb_each_text(hubnet_language_map(details -> f)) m
      UNION ALL
      SELECT 'C', 5, m.key, m.value
        FROM jsonb_array_elements(hubnet_json_array(details -> 'options')) o,
             jsonb_each_text(hubnet_language_map(o)) m
      UNION ALL
      SELECT 'D', 6, default_language,
             concat_ws(' ', details #>> '{place,name}', details #>> '{place,address}')
        WHERE jsonb_typeof(details -> 'place') = 'object'
    ) t
    ORDER BY t.field, t.language IS DISTINCT FROM default_language, t.language
  LOOP
    EXIT WHEN budget <= 0;
    body := left(part.body, budget);
    budget := budget - length(body);
    words := words || setweight(
      to_tsvector(hubnet_text_search_config(part.language), hubnet_search_words(body)),
      part.weight);
  END LOOP;
  RETURN words;
END
$$;--> statement-breakpoint

-- What a post can be filtered by, as one array a GIN index serves: `language:<tag>` for each
-- language it has text in (and for an offer's or need's languages), `region:<code>` for its
-- regions, `theme:<name>` for its hashtags and a lesson's themes. Tags and regions are kept whole
-- and by their first part too, so `pt` finds `pt-BR` and `KE` finds `KE-30`.
CREATE FUNCTION hubnet_post_search_facets(
  title jsonb, summary jsonb, content_html jsonb, hashtags text[], details jsonb
) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT facet ORDER BY facet), '{}') FROM (
    SELECT 'language:' || lower(v.tag) AS facet FROM (
      SELECT jsonb_object_keys(hubnet_language_map(title) || hubnet_language_map(summary)
                               || hubnet_language_map(content_html)) AS tag
      UNION ALL
      SELECT jsonb_array_elements_text(hubnet_json_array(details -> 'languages'))
    ) languages, LATERAL (VALUES (tag), (split_part(tag, '-', 1))) AS v(tag)
    UNION ALL
    SELECT 'region:' || upper(code) FROM (
      SELECT jsonb_array_elements_text(hubnet_json_array(details -> 'regions')) AS region
    ) regions, LATERAL (VALUES (region), (split_part(region, '-', 1))) AS v(code)
    UNION ALL
    SELECT 'theme:' || lower(theme) FROM (
      SELECT unnest(hashtags) AS theme
      UNION ALL
      SELECT jsonb_array_elements_text(hubnet_json_array(details -> 'themes'))
    ) themes
  ) facets
  WHERE facet NOT IN ('language:', 'region:', 'theme:')
$$;--> statement-breakpoint

CREATE AGGREGATE hubnet_tsvector_agg(tsvector) (
  SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
);--> statement-breakpoint

-- A space's words, as the directory knows every space met (local ones included): its name and
-- handle (A: `@kenya@beta.test` as written and as `kenya` and `beta.test`), its themes (B).
CREATE FUNCTION hubnet_space_search_vector(
  default_language text, handle text, name jsonb, themes text[]
) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('pg_catalog.simple',
           ltrim(coalesce(handle, ''), '@') || ' ' || translate(coalesce(handle, ''), '@', ' ')), 'A')
    || coalesce((SELECT hubnet_tsvector_agg(setweight(to_tsvector(hubnet_text_search_config(m.key),
                   hubnet_search_words(left(m.value, 10000))), 'A'))
                 FROM jsonb_each_text(hubnet_language_map(name)) m), '')
    || setweight(to_tsvector(hubnet_text_search_config(coalesce(default_language, 'und')),
                 hubnet_search_words(array_to_string(themes, ' '))), 'B')
$$;
--> statement-breakpoint

-- A reader's words, in no language in particular: read as web search syntax ("a phrase", or,
-- -without) by each of PostgreSQL's own configurations, joined by OR, so that "bibliotecas"
-- meets the Spanish stem of "biblioteca" and "libraries" the English one of "library". Accents
-- are left out and a run of Han or kana characters is a phrase of single characters, as
-- hubnet_search_words stores them.
-- Nothing to look for (no words, only stop words, only words to leave out) is NULL, which
-- matches no row.
CREATE FUNCTION hubnet_search_query(words text) RETURNS tsquery
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET client_min_messages = warning AS $$
DECLARE
  cjk constant text := '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]';
  prepared text := regexp_replace(regexp_replace(hubnet_fold_accents(words),
    '(' || cjk || '+)', ' "\1" ', 'g'), '(' || cjk || ')', '\1 ', 'g');
  joined tsquery := '';
  one text;
BEGIN
  FOR one IN
    SELECT DISTINCT websearch_to_tsquery(c.oid::regconfig, prepared)::text AS q
      FROM pg_ts_config c WHERE c.cfgnamespace = 'pg_catalog'::regnamespace ORDER BY q
  LOOP
    joined := joined || one::tsquery;
  END LOOP;
  IF numnode(joined) = 0 OR querytree(joined) = 'T' THEN
    RETURN NULL;
  END IF;
  RETURN joined;
END
$$;--> statement-breakpoint

ALTER TABLE "posts" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS
  (hubnet_post_search_vector(default_language, title, summary, content_html, details)) STORED;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "search_facets" text[] GENERATED ALWAYS AS
  (hubnet_post_search_facets(title, summary, content_html, hashtags, details)) STORED;--> statement-breakpoint
-- New entries wait in a pending list that every search reads through until it is merged: kept
-- to 256 kB (with the default 4 MB, a rare word took 4 ms instead of 0.5 on 100,000 posts).
CREATE INDEX "posts_search_vector_index" ON "posts" USING gin ("search_vector")
  WITH (gin_pending_list_limit = 256);--> statement-breakpoint
CREATE INDEX "posts_search_facets_index" ON "posts" USING gin ("search_facets")
  WITH (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER TABLE "directory_entries" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS
  (hubnet_space_search_vector(default_language, handle, name, themes)) STORED;--> statement-breakpoint
CREATE INDEX "directory_entries_search_vector_index" ON "directory_entries"
  USING gin ("search_vector");
