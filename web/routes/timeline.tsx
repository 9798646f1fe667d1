import { Hono } from "hono";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { homeTimeline, postsTagged } from "../../server/posts/lists.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { identitiesOf } from "../identities.ts";
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { ComposeForm } from "../views/compose.tsx";
import { KIND_LABEL } from "../views/content.tsx";
import { COMPOSABLE_KINDS } from "../views/content-form.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";

export function timelineRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/home", async (c) => {
    const actor = await requireActor(c, undefined, "publish");
    if (actor instanceof Response) return actor;
    const { db, config } = c.get("deps");
    const page = pageContext(c);
    const timeline = await homeTimeline(
      db,
      localActorIri(config.ORIGIN, actor.handle),
      pageCursor(c),
    );
    const views = await postViews(
      db,
      config.ORIGIN,
      timeline.items,
      localActorIri(config.ORIGIN, actor.handle),
    );
    const identities = await identitiesOf(db, actor.person);
    return c.html(
      <Layout title="Home" page={page}>
        <h1>Home</h1>
        <ComposeForm csrfToken={page.csrfToken} identities={identities} />
        <p class="write-more">
          Write something longer:{" "}
          {COMPOSABLE_KINDS.map((kind) => (
            <a class="tag-link" href={`/compose?kind=${kind}`}>
              {KIND_LABEL[kind].toLowerCase()}
            </a>
          ))}
        </p>
        <form method="post" action="/follow" class="card inline-form">
          <CsrfField token={page.csrfToken} />
          <label for="target">Follow a space or person</label>{" "}
          <input id="target" name="target" placeholder="@handle@host.example" required />
          <input type="hidden" name="as" value={actor.handle} />{" "}
          <button type="submit">Follow</button>
        </form>
        <section aria-label="Timeline">
          {views.length === 0 ? (
            <p class="muted">Nothing here yet. Follow a space to see what it publishes.</p>
          ) : null}
          {views.map((view) => (
            <PostCard
              view={view}
              languages={c.get("languages")}
              csrfToken={page.csrfToken}
              actAs={actor.handle}
              identities={identities}
            />
          ))}
          {timeline.next ? (
            <a href={`/home?before=${encodeURIComponent(timeline.next)}`}>Older</a>
          ) : null}
        </section>
      </Layout>,
    );
  });

  app.get("/tags/:tag", async (c) => {
    const { db, config } = c.get("deps");
    const tag = c.req.param("tag").toLowerCase().slice(0, 100);
    const tagged = await postsTagged(db, tag, pageCursor(c));
    const views = await postViews(db, config.ORIGIN, tagged.items);
    return c.html(
      <Layout title={`#${tag}`} page={pageContext(c)}>
        <h1>#{tag}</h1>
        {views.length === 0 ? <p class="muted">No public posts with this tag here.</p> : null}
        {views.map((view) => (
          <PostCard view={view} languages={c.get("languages")} />
        ))}
        {tagged.next ? <a href={`?before=${encodeURIComponent(tagged.next)}`}>Older</a> : null}
      </Layout>,
    );
  });
  return app;
}
