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
import { WriteMore } from "../views/content-form.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";

export function timelineRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/home", async (c) => {
    const actor = await requireActor(c, undefined, "publish");
    if (actor instanceof Response) return actor;
    const { db, config } = c.get("deps");
    const page = pageContext(c);
    // Following is for oneself and the spaces one manages (owners and admins).
    const [identities, followers] = await Promise.all([
      identitiesOf(db, actor.person),
      identitiesOf(db, actor.person, "manage-follows"),
    ]);
    const timeline = await homeTimeline(
      db,
      localActorIri(config.ORIGIN, actor.handle),
      pageCursor(c),
      20,
      identities.map((i) => localActorIri(config.ORIGIN, i.handle)),
    );
    const views = await postViews(
      db,
      config.ORIGIN,
      timeline.items,
      localActorIri(config.ORIGIN, actor.handle),
    );
    const { t } = page;
    return c.html(
      <Layout title={t("timeline.title")} page={page}>
        <h1>{t("timeline.title")}</h1>
        <ComposeForm t={t} csrfToken={page.csrfToken} identities={identities} />
        <WriteMore t={t} />
        <form method="post" action="/follow" class="card inline-form">
          <CsrfField token={page.csrfToken} />
          <label for="target">{t("timeline.follow-label")}</label>{" "}
          <input id="target" name="target" placeholder="@handle@host.example" required />
          {followers.length > 1 ? (
            <>
              <label for="follow-as">{t("follow.as")}</label>{" "}
              <select id="follow-as" name="as">
                {followers.map((i) => (
                  <option value={i.handle}>{i.label}</option>
                ))}
              </select>
            </>
          ) : (
            <input type="hidden" name="as" value={actor.handle} />
          )}{" "}
          <button type="submit">{t("timeline.follow")}</button>
        </form>
        <section aria-label={t("timeline.section")}>
          {views.length === 0 ? <p class="muted">{t("timeline.empty")}</p> : null}
          {views.map((view) => (
            <PostCard
              t={t}
              view={view}
              languages={c.get("languages")}
              csrfToken={page.csrfToken}
              actAs={actor.handle}
              identities={identities}
            />
          ))}
          {timeline.next ? (
            <a href={`/home?before=${encodeURIComponent(timeline.next)}`}>{t("list.older")}</a>
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
    const page = pageContext(c);
    return c.html(
      <Layout title={`#${tag}`} page={page}>
        <h1>#{tag}</h1>
        {views.length === 0 ? <p class="muted">{page.t("tag.empty")}</p> : null}
        {views.map((view) => (
          <PostCard t={page.t} view={view} languages={c.get("languages")} />
        ))}
        {tagged.next ? (
          <a href={`?before=${encodeURIComponent(tagged.next)}`}>{page.t("list.older")}</a>
        ) : null}
      </Layout>,
    );
  });
  return app;
}
