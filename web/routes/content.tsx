/**
 * Pages for hub content: writing each kind, answering events, voting, settling offers and needs,
 * and the libraries of lessons, offers and needs, and events across the known network.
 */
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { Post } from "../../db/schema.ts";
import { rsvpAs, voteAs } from "../../federation/actions/answer.ts";
import { closeAndPublish } from "../../federation/actions/close-proposals.ts";
import { deliverPost } from "../../federation/deliver.ts";
import { localActorIri, localHandleOf } from "../../server/actors/local-iris.ts";
import { LESSON_KINDS, RESOURCE_CATEGORIES } from "../../server/content/details.ts";
import { lessonLibrary } from "../../server/lessons/library.ts";
import { listByKind, type PostPage, upcomingEvents } from "../../server/posts/lists.ts";
import { findPostById, findPostByIri } from "../../server/posts/posts.ts";
import type { VoteResult } from "../../server/proposals/votes.ts";
import { RegionSchema } from "../../server/regions/regions.ts";
import { setResourceStatus } from "../../server/resources/matching.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import type { MessageKey } from "../i18n/languages.ts";
import { identitiesOf, languagesOfActor } from "../identities.ts";
import { backTo, formFields, pageContext } from "../page.ts";
import { postViews, visibleByIri } from "../post-views.ts";
import { redirectWith } from "../security/flash.ts";
import { pageCursor } from "../security/input.ts";
import { lessonKindName } from "../views/content.tsx";
import { COMPOSABLE_KINDS, ContentForm, isComposableKind } from "../views/content-form.tsx";
import { errorResponse } from "../views/error-page.tsx";
import { Layout } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";
import { FEED_KINDS, type FeedKind, feedLink } from "./feeds.tsx";

type VoteRefusal = Extract<VoteResult, { ok: false }>["reason"];

/** Why a vote was refused: the status and the message for each of the domain's reasons. */
const VOTE_REFUSALS: Record<VoteRefusal, [403 | 409, MessageKey]> = {
  "not-a-proposal": [409, "error.not-a-proposal"],
  closed: [409, "error.voting-closed"],
  "spaces-only": [403, "error.spaces-only"],
  "not-a-member": [403, "error.not-a-member"],
  "invalid-choice": [409, "error.invalid-choice"],
  "already-voted": [409, "error.already-voted"],
};

const back = (post: Post) => (post.isLocal ? new URL(post.iri).pathname : "/home");

/**
 * A page of a library (lessons, offers and needs, events): the posts as cards the signed-in
 * reader can answer and vote on, with filters above and a link to older ones below.
 */
async function libraryPage(
  c: Context<WebEnv>,
  props: { title: string; intro: string; filters: Child; page: PostPage; feed: FeedKind },
) {
  const { db, config } = c.get("deps");
  const person = c.get("person");
  const readerIri = person ? localActorIri(config.ORIGIN, person.handle) : undefined;
  const views = await postViews(db, config.ORIGIN, props.page.items, readerIri);
  const identities = person ? await identitiesOf(db, person) : undefined;
  const page = pageContext(c);
  const query = new URLSearchParams(c.req.query());
  if (props.page.next) query.set("before", props.page.next);
  return c.html(
    <Layout title={props.title} page={page} feeds={[feedLink(page.t, props.feed)]}>
      <h1>{props.title}</h1>
      <p class="muted">{props.intro}</p>
      {props.filters}
      {views.length === 0 ? (
        <p class="empty">
          {page.t(person ? "library.empty-signed-in" : "library.empty-visitor", {
            kind: props.feed,
          })}
        </p>
      ) : null}
      {views.map((view) => (
        <PostCard
          t={page.t}
          view={view}
          languages={c.get("languages")}
          csrfToken={page.csrfToken}
          actAs={person?.handle}
          identities={identities}
        />
      ))}
      <p class="links">
        {props.page.next ? <a href={`?${query}`}>{page.t("list.older")}</a> : null}
        <a href={`/${props.feed}.atom`}>{page.t("feeds.atom")}</a>
        {props.feed === "events" ? (
          <a href="/events.ics">{page.t("feeds.calendar", { host: page.host })}</a>
        ) : null}
      </p>
    </Layout>,
  );
}

export function contentRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/compose", async (c) => {
    const kind = c.req.query("kind");
    const actor = await requireActor(c, c.req.query("as"), "publish");
    if (actor instanceof Response) return actor;
    const page = pageContext(c);
    const { t } = page;
    if (!isComposableKind(kind)) {
      const kinds = COMPOSABLE_KINDS.map((k) => t("post.kind-noun", { kind: k }));
      return errorResponse(c, 400, "error.choose-kind", { kinds: t.list(kinds, "disjunction") });
    }
    return c.html(
      <Layout title={t("compose.new", { kind })} page={page}>
        <h1>{t("compose.new", { kind })}</h1>
        <ContentForm
          t={t}
          kind={kind}
          csrfToken={page.csrfToken}
          identities={await identitiesOf(c.get("deps").db, actor.person)}
          values={{ as: actor.handle, timeZone: actor.person.timeZone ?? "UTC" }}
          expected={await languagesOfActor(c.get("deps").db, actor.handle)}
        />
      </Layout>,
    );
  });

  app.post("/rsvp", async (c) => {
    const form = await formFields(c);
    const actor = await requireActor(c, form.as, "publish");
    if (actor instanceof Response) return actor;
    const event = await visibleByIri(c, form.iri);
    const status = form.status;
    if (event?.kind !== "event") return errorResponse(c, 404, "error.no-event");
    if (status !== "going" && status !== "maybe" && status !== "not_going")
      return errorResponse(c, 400, "error.rsvp-status");
    const result = await rsvpAs(federationContext(c), actor.handle, event, status);
    if (!result.ok)
      return errorResponse(
        c,
        409,
        result.reason === "full" ? "error.event-full" : "error.event-over",
      );
    return redirectWith(c, backTo(c, back(event)), "answered");
  });

  app.post("/votes", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const form = await formFields(c);
    const proposal = await visibleByIri(c, form.iri);
    if (proposal?.kind !== "proposal") return errorResponse(c, 404, "error.no-proposal");
    const actor = await requireActor(c, form.as, "vote");
    if (actor instanceof Response) return actor;
    const choices = [body.choice ?? []].flat().map((v) => Number(v));
    const result = await voteAs(
      federationContext(c),
      actor.handle,
      proposal,
      choices,
      actor.person.handle,
    );
    if (!result.ok) {
      const [status, key] = VOTE_REFUSALS[result.reason];
      return errorResponse(c, status, key, { handle: actor.handle });
    }
    return redirectWith(c, backTo(c, back(proposal)), "voted");
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/posts/:id/settle", async (c) => {
    const { db, config } = c.get("deps");
    const form = await formFields(c);
    const found = await findPostById(db, c.req.param("id"));
    const post = found ? await visibleByIri(c, found.iri) : undefined;
    const handle = post?.isLocal ? localHandleOf(config.ORIGIN, post.authorIri) : undefined;
    if (post == null || handle == null || `@${handle}` !== c.req.param("name"))
      return errorResponse(c, 404, "error.no-post");
    const actor = await requireActor(c, handle, "publish");
    if (actor instanceof Response) return actor;
    if (post.kind === "proposal") {
      await closeAndPublish(federationContext(c), post);
      return redirectWith(c, back(post), "closed");
    }
    const status = form.status === "matched" || form.status === "closed" ? form.status : "open";
    const response = form.response ? await findPostByIri(db, form.response) : undefined;
    const result = await setResourceStatus(db, post, status, response);
    if (!result.ok) return errorResponse(c, 400, "error.not-a-response");
    await deliverPost(federationContext(c), handle, result.post, "update");
    const said = { matched: "matched", closed: "closed", open: "reopened" } as const;
    return redirectWith(c, back(post), said[status]);
  });

  app.get("/lessons", async (c) => {
    const { db, config } = c.get("deps");
    const t = c.get("t");
    const q = c.req.query();
    const kind = LESSON_KINDS.find((k) => k === q.kind);
    const space = q.space?.replace(/^@/, "");
    const page = await lessonLibrary(
      db,
      {
        authorIri: space ? localActorIri(config.ORIGIN, space) : undefined,
        lessonKind: kind,
        theme: q.theme?.slice(0, 60) || undefined,
        region: RegionSchema.safeParse(q.region).data,
        language: q.language?.slice(0, 35) || undefined,
      },
      pageCursor(c),
    );
    return libraryPage(c, {
      title: t("library.lessons.title"),
      intro: t("library.lessons.intro"),
      page,
      feed: "lessons",
      filters: (
        <form method="get" class="filters row">
          <label>
            {t("library.kind")}{" "}
            <select name="kind">
              <option value="">{t("library.any")}</option>
              {LESSON_KINDS.map((k) => (
                <option value={k} selected={q.kind === k}>
                  {lessonKindName(t, k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("library.theme")} <input name="theme" value={q.theme ?? ""} size={12} />
          </label>
          <label>
            {t("library.region")} <input name="region" value={q.region ?? ""} size={6} />
          </label>
          <label>
            {t("library.language")} <input name="language" value={q.language ?? ""} size={6} />
          </label>
          {space ? <input type="hidden" name="space" value={space} /> : null}
          <button type="submit" class="small">
            {t("library.filter")}
          </button>
        </form>
      ),
    });
  });

  app.get("/resources", async (c) => {
    const { db } = c.get("deps");
    const t = c.get("t");
    const q = c.req.query();
    const kinds: Post["kind"][] =
      q.kind === "offer" || q.kind === "need" ? [q.kind] : ["offer", "need"];
    const category = RESOURCE_CATEGORIES.find((k) => k === q.category);
    const page = await listByKind(
      db,
      kinds,
      { category, status: q.all ? undefined : "open" },
      pageCursor(c),
    );
    return libraryPage(c, {
      title: t("library.resources.title"),
      intro: t("library.resources.intro"),
      page,
      feed: "resources",
      filters: (
        <form method="get" class="filters row">
          <label>
            {t("library.show")}{" "}
            <select name="kind">
              <option value="">{t("library.show-kind", { kind: "both" })}</option>
              {(["offer", "need"] as const).map((k) => (
                <option value={k} selected={q.kind === k}>
                  {t("library.show-kind", { kind: k })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("form.category")}{" "}
            <select name="category">
              <option value="">{t("library.any")}</option>
              {RESOURCE_CATEGORIES.map((k) => (
                <option value={k} selected={q.category === k}>
                  {t("resource.category", { category: k })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="small">
            {t("library.filter")}
          </button>
        </form>
      ),
    });
  });

  app.get("/events", async (c) => {
    const { db } = c.get("deps");
    const t = c.get("t");
    const page = { items: await upcomingEvents(db), next: undefined };
    return libraryPage(c, {
      title: t("library.events.title"),
      intro: t("library.events.intro"),
      page,
      feed: "events",
      filters: null,
    });
  });

  for (const feed of ["proposals", "articles"] as const) {
    app.get(`/${feed}`, async (c) => {
      const t = c.get("t");
      const page = await listByKind(c.get("deps").db, [...FEED_KINDS[feed]], {}, pageCursor(c));
      return libraryPage(c, {
        title: t("library.kind-title", { kind: feed }),
        intro: t("library.kind-intro", { kind: feed }),
        page,
        feed,
        filters: null,
      });
    });
  }

  return app;
}
