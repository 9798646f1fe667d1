import { Hono } from "hono";
import type { FC } from "hono/jsx";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { countFollows } from "../../server/follows/follows.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { findPersonByHandle, rolesOf } from "../../server/people/people.ts";
import { outboxOf } from "../../server/posts/lists.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { followStateFor } from "../follow-state.ts";
import type { Translator } from "../i18n/translator.ts";
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { FollowBox } from "../views/follow-box.tsx";
import { Layout } from "../views/layout.tsx";
import { PostCard, type PostView } from "../views/post.tsx";
import type { PagePreview } from "../views/preview.tsx";
import { spacePage } from "./space-page.tsx";

/**
 * The HTML side of actor URLs: Fedify answers ActivityStreams requests for `/@handle` and hands
 * browsers on to these pages.
 */
export function actorRoutes() {
  const app = new Hono<WebEnv>();
  app.get("/:name{@[a-z0-9_]{1,30}}", async (c) => {
    const handle = c.req.param("name").slice(1);
    const { db, config } = c.get("deps");
    const page = pageContext(c);
    const { t } = page;
    const languages = c.get("languages");
    const space = await findSpaceByHandle(db, handle);
    if (space != null) return spacePage(c, space);
    const iri = localActorIri(config.ORIGIN, handle);
    const [followers, following] = await Promise.all([
      countFollows(db, "followers", iri),
      countFollows(db, "following", iri),
    ]);
    const posts = await outboxOf(db, iri, pageCursor(c));
    const person = c.get("person");
    const readerIri = person ? localActorIri(config.ORIGIN, person.handle) : undefined;
    const views = await postViews(db, config.ORIGIN, posts.items, readerIri);
    const counts = (
      <FollowCounts t={t} handle={handle} followers={followers} following={following} />
    );
    const owner = await findPersonByHandle(db, handle);
    // A suspended account's page is gone with its actor (server/moderation/accounts.ts).
    if (owner == null || owner.suspendedAt != null) return c.notFound();
    const roles = await rolesOf(db, owner.id);
    const preview: PagePreview = { title: owner.displayName, type: "profile", activity: iri };
    return c.html(
      <Layout title={owner.displayName} page={page} preview={preview}>
        <h1 dir="auto">{owner.displayName}</h1>
        <p>
          <span class="handle">
            @{owner.handle}@{page.host}
          </span>
        </p>
        {counts}
        {roles.length > 0 ? (
          <section class="card">
            <h2>{t("actors.spaces")}</h2>
            <ul>
              {roles.map(({ space, role }) => (
                <li>
                  <a href={`/@${space.handle}`} dir="auto">
                    {pickLanguage(space.name, languages, space.defaultLanguage)?.text ??
                      space.handle}
                  </a>{" "}
                  <span class="muted">{t("actors.role", { role })}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {person?.handle === owner.handle ? null : (
          <FollowBox
            t={t}
            handle={owner.handle}
            host={page.host}
            csrfToken={page.csrfToken}
            reader={await followStateFor(c, owner.handle)}
          />
        )}
        <PostList t={t} views={views} languages={languages} next={posts.next} />
      </Layout>,
    );
  });
  return app;
}

const FollowCounts: FC<{ t: Translator; handle: string; followers: number; following: number }> = ({
  t,
  handle,
  followers,
  following,
}) => (
  <p class="muted">
    <a href={`/@${handle}/followers`}>{t("actors.followers-count", { count: followers })}</a> ·{" "}
    <a href={`/@${handle}/following`}>{t("actors.following-count", { count: following })}</a>
  </p>
);

const PostList: FC<{
  t: Translator;
  views: PostView[];
  languages: string[];
  next: string | undefined;
}> = ({ t, views, languages, next }) => (
  <section aria-label={t("actors.posts")}>
    <h2>{t("actors.posts")}</h2>
    {views.length === 0 ? <p class="muted">{t("actors.no-posts")}</p> : null}
    {views.map((view) => (
      <PostCard t={t} view={view} languages={languages} />
    ))}
    {next ? <a href={`?before=${encodeURIComponent(next)}`}>{t("list.older")}</a> : null}
  </section>
);
