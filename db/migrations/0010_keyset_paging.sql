-- Lists page along (time, id) with millisecond times, as an opaque page cursor carries them
-- (server/paging/keyset.ts); indexes serve each list in that order, hashtags, and reactions by actor.
DROP INDEX "follows_followee_iri_state_index";--> statement-breakpoint
DROP INDEX "notifications_recipient_iri_created_at_index";--> statement-breakpoint
DROP INDEX "posts_author_iri_published_at_index";--> statement-breakpoint
DROP INDEX "posts_is_local_published_at_index";--> statement-breakpoint
DROP INDEX "posts_kind_published_at_index";--> statement-breakpoint
ALTER TABLE "follows" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "follows" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "posts" ALTER COLUMN "published_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "posts" ALTER COLUMN "published_at" SET DEFAULT now();--> statement-breakpoint
CREATE INDEX "follows_followee_iri_state_created_at_id_index" ON "follows" USING btree ("followee_iri","state","created_at","id");--> statement-breakpoint
CREATE INDEX "follows_follower_iri_state_created_at_id_index" ON "follows" USING btree ("follower_iri","state","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_iri_created_at_id_index" ON "notifications" USING btree ("recipient_iri","created_at","id");--> statement-breakpoint
CREATE INDEX "posts_published_at_id_index" ON "posts" USING btree ("published_at","id");--> statement-breakpoint
CREATE INDEX "posts_author_iri_published_at_id_index" ON "posts" USING btree ("author_iri","published_at","id");--> statement-breakpoint
CREATE INDEX "posts_is_local_published_at_id_index" ON "posts" USING btree ("is_local","published_at","id");--> statement-breakpoint
CREATE INDEX "posts_kind_published_at_id_index" ON "posts" USING btree ("kind","published_at","id");--> statement-breakpoint
CREATE INDEX "posts_hashtags_index" ON "posts" USING gin ("hashtags");--> statement-breakpoint
CREATE INDEX "reactions_actor_iri_index" ON "reactions" USING btree ("actor_iri");