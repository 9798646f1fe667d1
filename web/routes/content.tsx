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
import { RegionSchema } from "../../server/regions/regions.ts";
import { setResourceStatus } from "../../server/resources/matching.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { identitiesOf } from "../identities.ts";
import { formFields, pageContext } from "../page.ts";
import { postViews, visibleByIri } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { KIND_LABEL } from "../views/content.tsx";
import { COMPOSABLE_KINDS, ContentForm, isComposableKind } from "../views/content-form.tsx";
import { errorResponse } from "../views/error-page.tsx";
import { Layout } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";

const back = (post: Post) => (post.isLocal ? new URL(post.iri).pathname : "/home");

/**
 * A page of a library (lessons, offers and needs, events): the posts as cards the signed-in
 * reader can answer and vote on, with filters above and a link to older ones below.
 */
async function libraryPage(
  c: Context<WebEnv>,
  props: { title: string; intro: string; filters: Child; page: PostPage },
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
    <Layout title={props.title} page={page}>
      <h1>{props.title}</h1>
      <p class="muted">{props.intro}</p>
      {props.filters}
      {views.length === 0 ? <p>Nothing here yet.</p> : null}
      {views.map((view) => (
        <PostCard
          view={view}
          languages={c.get("languages")}
          csrfToken={page.csrfToken}
          actAs={person?.handle}
          identities={identities}
        />
      ))}
      {props.page.next ? (
        <p>
          <a href={`?${query}`}>Older</a>
        </p>
      ) : null}
    </Layout>,
  );
}

export function contentRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/compose", async (c) => {
    const kind = c.req.query("kind");
    const actor = await requireActor(c, c.req.query("as"), "publish");
    if (actor instanceof Response) return actor;
    if (!isComposableKind(kind))
      return errorResponse(c, 400, `Choose what to write: ${COMPOSABLE_KINDS.join(", ")}.`);
    const page = pageContext(c);
    return c.html(
      <Layout title={`New ${KIND_LABEL[kind].toLowerCase()}`} page={page}>
        <h1>New {KIND_LABEL[kind].toLowerCase()}</h1>
        <ContentForm
          kind={kind}
          csrfToken={page.csrfToken}
          identities={await identitiesOf(c.get("deps").db, actor.person)}
          values={{ as: actor.handle, timeZone: "UTC" }}
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
    if (event?.kind !== "event") return errorResponse(c, 404, "There is no such event.");
    if (status !== "going" && status !== "maybe" && status !== "not_going")
      return errorResponse(c, 400, "Answer going, maybe or not going.");
    const result = await rsvpAs(federationContext(c), actor.handle, event, status);
    if (!result.ok)
      return errorResponse(
        c,
        409,
        result.reason === "full" ? "The event is full." : "The event is over.",
      );
    return c.redirect(back(event), 303);
  });

  app.post("/votes", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const form = await formFields(c);
    const proposal = await visibleByIri(c, form.iri);
    if (proposal?.kind !== "proposal") return errorResponse(c, 404, "There is no such proposal.");
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
      const message = {
        "not-a-proposal": "This is not a proposal.",
        closed: "Voting has closed.",
        "spaces-only": "Spaces vote on this proposal: vote as a space you are an admin of.",
        "invalid-choice": "Choose an option (only one on a single-choice proposal).",
        "already-voted": `@${actor.handle} has already voted on this proposal.`,
      }[result.reason];
      return errorResponse(c, result.reason === "spaces-only" ? 403 : 409, message);
    }
    return c.redirect(back(proposal), 303);
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/posts/:id/settle", async (c) => {
    const { db, config } = c.get("deps");
    const form = await formFields(c);
    const found = await findPostById(db, c.req.param("id"));
    const post = found ? await visibleByIri(c, found.iri) : undefined;
    const handle = post?.isLocal ? localHandleOf(config.ORIGIN, post.authorIri) : undefined;
    if (post == null || handle == null || `@${handle}` !== c.req.param("name"))
      return errorResponse(c, 404, "There is no such post here.");
    const actor = await requireActor(c, handle, "publish");
    if (actor instanceof Response) return actor;
    if (post.kind === "proposal") {
      await closeAndPublish(federationContext(c), post);
      return c.redirect(back(post), 303);
    }
    const status = form.status === "matched" || form.status === "closed" ? form.status : "open";
    const response = form.response ? await findPostByIri(db, form.response) : undefined;
    const result = await setResourceStatus(db, post, status, response);
    if (!result.ok) return errorResponse(c, 400, "Choose one of the responses to mark it matched.");
    await deliverPost(federationContext(c), handle, result.post, "update");
    return c.redirect(back(post), 303);
  });

  app.get("/lessons", async (c) => {
    const { db, config } = c.get("deps");
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
      title: "Lessons library",
      intro: "Lessons, failures and best practices from every space this instance knows.",
      page,
      filters: (
        <form method="get" class="filters row">
          <label>
            Kind{" "}
            <select name="kind">
              <option value="">any</option>
              {LESSON_KINDS.map((k) => (
                <option value={k} selected={q.kind === k}>
                  {k.replace("-", " ")}
                </option>
              ))}
            </select>
          </label>
          <label>
            Theme <input name="theme" value={q.theme ?? ""} size={12} />
          </label>
          <label>
            Region <input name="region" value={q.region ?? ""} size={6} />
          </label>
          <label>
            Language <input name="language" value={q.language ?? ""} size={6} />
          </label>
          {space ? <input type="hidden" name="space" value={space} /> : null}
          <button type="submit" class="small">
            Filter
          </button>
        </form>
      ),
    });
  });

  app.get("/resources", async (c) => {
    const { db } = c.get("deps");
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
      title: "Offers and needs",
      intro:
        "Open offers and needs from every space this instance knows; each offer's page lists the needs it could serve.",
      page,
      filters: (
        <form method="get" class="filters row">
          <label>
            Show{" "}
            <select name="kind">
              <option value="">offers and needs</option>
              <option value="offer" selected={q.kind === "offer"}>
                offers
              </option>
              <option value="need" selected={q.kind === "need"}>
                needs
              </option>
            </select>
          </label>
          <label>
            Category{" "}
            <select name="category">
              <option value="">any</option>
              {RESOURCE_CATEGORIES.map((k) => (
                <option value={k} selected={q.category === k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="small">
            Filter
          </button>
        </form>
      ),
    });
  });

  app.get("/events", async (c) => {
    const { db } = c.get("deps");
    const page = { items: await upcomingEvents(db), next: undefined };
    return libraryPage(c, {
      title: "Events",
      intro: "Upcoming events of every space this instance knows.",
      page,
      filters: null,
    });
  });

  return app;
}
