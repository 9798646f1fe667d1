/**
 * Feeds for readers outside the fediverse: Atom for the instance and for each space, of all
 * their public posts or of one kind (lessons, offers and needs, events, proposals, articles), and
 * an iCalendar of the whole instance's events (each space's is beside its profile).
 */
import { type Context, Hono } from "hono";
import type { Post } from "../../db/schema.ts";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { toICalendar } from "../../server/events/ics.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { feedPosts } from "../../server/posts/lists.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { toAtom } from "../feeds/atom.ts";
import type { Translator } from "../i18n/translator.ts";
import { errorResponse } from "../views/error-page.tsx";
import type { FeedLink } from "../views/layout.tsx";

/** The kinds a feed can be limited to, by the name of their page. */
export const FEED_KINDS = {
  lessons: ["lesson"],
  resources: ["offer", "need"],
  events: ["event"],
  proposals: ["proposal"],
  articles: ["article"],
} as const satisfies Record<string, Post["kind"][]>;
export type FeedKind = keyof typeof FEED_KINDS;

const isFeedKind = (name: string): name is FeedKind => Object.hasOwn(FEED_KINDS, name);

/** What a page announces in its head: the feed of what it lists. */
export function feedLink(t: Translator, kind: FeedKind | "all", space?: string): FeedLink {
  const path = space
    ? `/@${space}/${kind === "all" ? "feed" : kind}.atom`
    : `/${kind === "all" ? "feed" : kind}.atom`;
  return { title: t("feeds.title", { kind, space: space ? `@${space}` : "" }), href: path };
}

async function atomAnswer(
  c: Context<WebEnv>,
  title: string,
  page: string,
  posts: Post[],
): Promise<Response> {
  const { db, config } = c.get("deps");
  const authors = await actorCards(
    db,
    config.ORIGIN,
    posts.map((p) => p.authorIri),
  );
  const xml = toAtom({
    title,
    link: new URL(page, config.ORIGIN).href,
    self: new URL(c.req.path, config.ORIGIN).href,
    posts,
    authors,
    languages: c.get("languages"),
    origin: config.ORIGIN,
  });
  return c.body(xml, 200, {
    "Content-Type": "application/atom+xml; charset=utf-8",
    "Cache-Control": "public, max-age=300",
  });
}

export function feedRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/:file{[a-z]+\\.atom}", async (c) => {
    const name = c.req.param("file").replace(/\.atom$/, "");
    if (name !== "feed" && !isFeedKind(name)) return errorResponse(c, 404, "error.not-found");
    const t = c.get("t");
    const host = new URL(c.get("deps").config.ORIGIN).host;
    const kinds = name === "feed" ? undefined : [...FEED_KINDS[name]];
    const posts = await feedPosts(c.get("deps").db, { kinds });
    const title = t("feeds.instance", { kind: name === "feed" ? "all" : name, host });
    return atomAnswer(c, title, name === "feed" ? "/" : `/${name}`, posts);
  });

  app.get("/:name{@[a-z0-9_]{1,30}}/:file{[a-z]+\\.atom}", async (c) => {
    const { db, config } = c.get("deps");
    const handle = c.req.param("name").slice(1);
    const name = c.req.param("file").replace(/\.atom$/, "");
    if (name !== "feed" && !isFeedKind(name)) return errorResponse(c, 404, "error.not-found");
    const space = await findSpaceByHandle(db, handle);
    if (space == null) return errorResponse(c, 404, "error.no-space");
    const kinds = name === "feed" ? undefined : [...FEED_KINDS[name]];
    const posts = await feedPosts(db, { authorIri: localActorIri(config.ORIGIN, handle), kinds });
    const spaceName =
      pickLanguage(space.name, c.get("languages"), space.defaultLanguage)?.text ?? handle;
    const title = c.get("t")("feeds.space", {
      kind: name === "feed" ? "all" : name,
      space: spaceName,
    });
    return atomAnswer(c, title, `/@${handle}`, posts);
  });

  app.get("/events.ics", async (c) => {
    const { db, config } = c.get("deps");
    const events = await feedPosts(db, { kinds: ["event"] }, 500);
    const host = new URL(config.ORIGIN).host;
    return c.body(
      toICalendar(events, c.get("t")("feeds.calendar", { host }), c.get("languages")),
      200,
      {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `inline; filename="${host}-events.ics"`,
      },
    );
  });
  return app;
}
