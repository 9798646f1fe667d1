/**
 * A space's public profile: what it is (kind and focus, regions and languages by name, themes,
 * website), who follows it, how to follow it from here or from Mastodon, its feeds, and its posts;
 * its editors write from here, its managers reach its settings.
 */
import type { Context } from "hono";
import type { Space } from "../../db/schema.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { countFollows } from "../../server/follows/follows.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { outboxOf } from "../../server/posts/lists.ts";
import { mayActAs } from "../../server/spaces/permissions.ts";
import type { WebEnv } from "../env.ts";
import { followStateFor } from "../follow-state.ts";
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { ComposeForm } from "../views/compose.tsx";
import { WriteMore } from "../views/content-form.tsx";
import { FollowBox } from "../views/follow-box.tsx";
import { HubNetworkSection } from "../views/hub-network.tsx";
import { Layout } from "../views/layout.tsx";
import { FallbackNote, PostCard } from "../views/post.tsx";
import type { PagePreview } from "../views/preview.tsx";
import { SpaceTabs, spaceKindOf } from "../views/space.tsx";
import { FEED_KINDS, feedLink } from "./feeds.tsx";
import { hubNetworkView } from "./hubs.tsx";

export async function spacePage(c: Context<WebEnv>, space: Space) {
  const { db, config } = c.get("deps");
  const page = pageContext(c);
  const { t } = page;
  const languages = c.get("languages");
  const person = c.get("person");
  const handle = space.handle;
  const iri = localActorIri(config.ORIGIN, handle);
  const [followers, following, posts] = await Promise.all([
    countFollows(db, "followers", iri),
    countFollows(db, "following", iri),
    outboxOf(db, iri, pageCursor(c)),
  ]);
  const readerIri = person ? localActorIri(config.ORIGIN, person.handle) : undefined;
  const views = await postViews(db, config.ORIGIN, posts.items, readerIri);
  const canPublish = person != null && (await mayActAs(db, person, handle, "publish"));
  const canManage = person != null && (await mayActAs(db, person, handle, "manage-space"));
  const reader = await followStateFor(c, handle);
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
  const feeds = [
    feedLink(t, "all", handle),
    ...Object.keys(FEED_KINDS).map((kind) => feedLink(t, kind as keyof typeof FEED_KINDS, handle)),
    { title: t("actors.calendar"), href: `/@${handle}/events.ics`, type: "text/calendar" as const },
  ];
  return c.html(
    <Layout title={preview.title} page={page} preview={preview} feeds={feeds}>
      <h1 lang={name?.language} dir="auto">
        {name?.text ?? handle}
      </h1>
      {canManage ? <SpaceTabs t={t} handle={handle} current="profile" /> : null}
      {name?.isFallback ? <FallbackNote t={t} language={name.language} /> : null}
      <p>
        <span class="handle">
          @{handle}@{page.host}
        </span>{" "}
        <span class="muted">{spaceKindOf(t, space)}</span>
      </p>
      {summary ? (
        <p lang={summary.language} dir="auto" class="about">
          {summary.text}
        </p>
      ) : canManage ? (
        <p class="empty">
          {t.rich("space.no-summary", {
            link: (parts) => <a href={`/@${handle}/settings`}>{parts}</a>,
          })}
        </p>
      ) : null}
      <dl class="facts">
        {space.regions.length > 0 ? (
          <>
            <dt>{t("facts.regions")}</dt>
            <dd>{t.list(space.regions.map(t.regionName))}</dd>
          </>
        ) : null}
        {space.languages.length > 0 ? (
          <>
            <dt>{t("facts.languages")}</dt>
            <dd>{t.list(space.languages.map(t.languageName))}</dd>
          </>
        ) : null}
        {space.themes.length > 0 ? (
          <>
            <dt>{t("facts.themes")}</dt>
            <dd>{t.list(space.themes)}</dd>
          </>
        ) : null}
        {space.website ? (
          <>
            <dt>{t("facts.website")}</dt>
            <dd>
              <a href={space.website} rel="nofollow noopener">
                <bdi>{space.website}</bdi>
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <p class="muted">
        <a href={`/@${handle}/followers`}>{t("actors.followers-count", { count: followers })}</a> ·{" "}
        <a href={`/@${handle}/following`}>{t("actors.following-count", { count: following })}</a>
      </p>
      <nav aria-label={t("space.libraries")} class="links">
        <a href={`/lessons?space=${handle}`}>{t("library.lessons.title")}</a>
        <a href={`/@${handle}/events.ics`}>{t("actors.calendar")}</a>
        <a href={`/@${handle}/feed.atom`}>{t("feeds.atom")}</a>
      </nav>
      <FollowBox
        t={t}
        handle={handle}
        host={page.host}
        csrfToken={page.csrfToken}
        reader={reader}
      />
      <HubNetworkSection t={t} csrf={page.csrfToken} view={await hubNetworkView(c, space)} />
      {canPublish ? (
        <section class="card" aria-labelledby="write-heading">
          <h2 id="write-heading">{t("space.write", { name: name?.text ?? handle })}</h2>
          <ComposeForm
            t={t}
            csrfToken={page.csrfToken}
            identities={[{ handle, label: handle }]}
            expected={space.languages}
            bare
          />
          <WriteMore t={t} as={handle} />
        </section>
      ) : null}
      <section aria-labelledby="posts-heading">
        <h2 id="posts-heading">{t("actors.posts")}</h2>
        {views.length === 0 ? (
          <p class="empty">{t(canPublish ? "space.no-posts-editor" : "actors.no-posts")}</p>
        ) : null}
        {views.map((view) => (
          <PostCard
            t={t}
            view={view}
            languages={languages}
            csrfToken={person ? page.csrfToken : undefined}
            actAs={person?.handle}
          />
        ))}
        {posts.next ? (
          <a href={`?before=${encodeURIComponent(posts.next)}`}>{t("list.older")}</a>
        ) : null}
      </section>
    </Layout>,
  );
}
