import { Hono } from "hono";
import type { FC } from "hono/jsx";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { countFollows } from "../../server/follows/follows.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { findPersonByHandle, rolesOf } from "../../server/people/people.ts";
import { outboxOf } from "../../server/posts/lists.ts";
import { mayActAs } from "../../server/spaces/permissions.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import type { Translator } from "../i18n/translator.ts";
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { ComposeForm } from "../views/compose.tsx";
import { WriteMore } from "../views/content-form.tsx";
import { HubNetworkSection } from "../views/hub-network.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";
import { FallbackNote, PostCard, type PostView } from "../views/post.tsx";
import type { PagePreview } from "../views/preview.tsx";
import { spaceKindOf } from "../views/space.tsx";
import { hubNetworkView } from "./hubs.tsx";

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
    const person = c.get("person");
    const iri = localActorIri(config.ORIGIN, handle);
    const [followers, following] = await Promise.all([
      countFollows(db, "followers", iri),
      countFollows(db, "following", iri),
    ]);
    const posts = await outboxOf(db, iri, pageCursor(c));
    const views = await postViews(db, config.ORIGIN, posts.items);
    const counts = (
      <FollowCounts t={t} handle={handle} followers={followers} following={following} />
    );
    if (space != null) {
      const canPublish = person != null && (await mayActAs(db, person, handle, "publish"));
      const canManage = person != null && (await mayActAs(db, person, handle, "manage-follows"));
      const name = pickLanguage(space.name, languages, space.defaultLanguage);
      const summary = pickLanguage(space.summary, languages, space.defaultLanguage);
      const preview: PagePreview = {
        title: name?.text ?? handle,
        description: summary?.text,
        type: "profile",
        language: name?.language,
        image: space.iconUrl ?? undefined,
        activity: iri,
      };
      return c.html(
        <Layout title={preview.title} page={page} preview={preview}>
          <h1 lang={name?.language} dir="auto">
            {name?.text ?? handle}
          </h1>
          {name?.isFallback ? <FallbackNote t={t} language={name.language} /> : null}
          <p>
            <span class="handle">
              @{space.handle}@{page.host}
            </span>{" "}
            <span class="muted">{spaceKindOf(t, space)}</span>
          </p>
          {summary ? (
            <p lang={summary.language} dir="auto">
              {summary.text}
            </p>
          ) : null}
          <dl class="facts">
            {space.regions.length > 0
              ? [<dt>{t("facts.regions")}</dt>, <dd>{t.list(space.regions.map(t.regionName))}</dd>]
              : null}
            {space.languages.length > 0
              ? [
                  <dt>{t("facts.languages")}</dt>,
                  <dd>{t.list(space.languages.map(t.languageName))}</dd>,
                ]
              : null}
            {space.themes.length > 0
              ? [<dt>{t("facts.themes")}</dt>, <dd>{t.list(space.themes)}</dd>]
              : null}
            {space.website
              ? [
                  <dt>{t("facts.website")}</dt>,
                  <dd>
                    <a href={space.website} rel="nofollow noopener">
                      {space.website}
                    </a>
                  </dd>,
                ]
              : null}
          </dl>
          {counts}
          <p>
            <a class="tag-link" href={`/lessons?space=${handle}`}>
              {t("library.lessons.title")}
            </a>
            <a class="tag-link" href={`/@${handle}/events.ics`}>
              {t("actors.calendar")}
            </a>
          </p>
          {canPublish ? (
            <>
              <ComposeForm
                t={t}
                csrfToken={page.csrfToken}
                identities={[{ handle: space.handle, label: space.handle }]}
              />
              <WriteMore t={t} as={handle} />
            </>
          ) : null}
          {canManage ? (
            <section class="card">
              <h2>{t("actors.followers")}</h2>
              <form method="post" action={`/@${space.handle}/settings/approval`}>
                <CsrfField token={page.csrfToken} />
                <label>
                  <input type="checkbox" name="manual" checked={space.manuallyApprovesFollowers} />{" "}
                  {t("actors.approve-by-hand")}
                </label>{" "}
                <button type="submit" class="small">
                  {t("posts.save")}
                </button>
              </form>
              <p>
                <a href={`/@${space.handle}/followers/requests`}>{t("follows.requests.title")}</a>
                {" · "}
                <a href={`/@${space.handle}/settings/blocks`}>
                  {t("blocks.title", { space: `@${space.handle}` })}
                </a>
              </p>
            </section>
          ) : null}
          <HubNetworkSection t={t} csrf={page.csrfToken} view={await hubNetworkView(c, space)} />
          <PostList t={t} views={views} languages={languages} next={posts.next} />
          <section class="card">
            <h2>{t("actors.follow")}</h2>
            <p>
              {t.rich("actors.follow-from-fediverse", {
                handle: <span class="handle">{`@${space.handle}@${page.host}`}</span>,
              })}
            </p>
          </section>
        </Layout>,
      );
    }
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
