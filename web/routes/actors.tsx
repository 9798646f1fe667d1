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
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { ComposeForm } from "../views/compose.tsx";
import { KIND_LABEL } from "../views/content.tsx";
import { COMPOSABLE_KINDS } from "../views/content-form.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";
import { PostCard, type PostView } from "../views/post.tsx";

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
    if (space != null) {
      const canPublish = person != null && (await mayActAs(db, person, handle, "publish"));
      const canManage = person != null && (await mayActAs(db, person, handle, "manage-follows"));
      const name = pickLanguage(space.name, languages, space.defaultLanguage);
      const summary = pickLanguage(space.summary, languages, space.defaultLanguage);
      return c.html(
        <Layout title={name?.text ?? handle} page={page}>
          <h1 lang={name?.language} dir="auto">
            {name?.text ?? handle}
          </h1>
          {name?.isFallback ? (
            <p class="fallback">Not available in your language; shown in {name.language}.</p>
          ) : null}
          <p>
            <span class="handle">
              @{space.handle}@{page.host}
            </span>{" "}
            <span class="muted">
              {space.kind === "hub" ? `${space.focus ?? ""} hub` : "affiliate"}
            </span>
          </p>
          {summary ? (
            <p lang={summary.language} dir="auto">
              {summary.text}
            </p>
          ) : null}
          <dl class="facts">
            {space.regions.length > 0
              ? [<dt>Regions</dt>, <dd>{space.regions.join(", ")}</dd>]
              : null}
            {space.languages.length > 0
              ? [<dt>Languages</dt>, <dd>{space.languages.join(", ")}</dd>]
              : null}
            {space.themes.length > 0 ? [<dt>Themes</dt>, <dd>{space.themes.join(", ")}</dd>] : null}
            {space.website
              ? [
                  <dt>Website</dt>,
                  <dd>
                    <a href={space.website} rel="nofollow noopener">
                      {space.website}
                    </a>
                  </dd>,
                ]
              : null}
          </dl>
          <p class="muted">
            <a href={`/@${handle}/followers`}>{followers} followers</a> ·{" "}
            <a href={`/@${handle}/following`}>{following} following</a>
          </p>
          <p>
            <a class="tag-link" href={`/lessons?space=${handle}`}>
              Lessons library
            </a>
            <a class="tag-link" href={`/@${handle}/events.ics`}>
              Events calendar (.ics)
            </a>
          </p>
          {canPublish ? (
            <>
              <ComposeForm
                csrfToken={page.csrfToken}
                identities={[{ handle: space.handle, label: space.handle }]}
              />
              <p class="write-more">
                Write something longer:{" "}
                {COMPOSABLE_KINDS.map((kind) => (
                  <a class="tag-link" href={`/compose?kind=${kind}&as=${handle}`}>
                    {KIND_LABEL[kind].toLowerCase()}
                  </a>
                ))}
              </p>
            </>
          ) : null}
          {canManage ? (
            <section class="card">
              <h2>Followers</h2>
              <form method="post" action={`/@${space.handle}/settings/approval`}>
                <CsrfField token={page.csrfToken} />
                <label>
                  <input type="checkbox" name="manual" checked={space.manuallyApprovesFollowers} />{" "}
                  Approve each new follower by hand
                </label>{" "}
                <button type="submit" class="small">
                  Save
                </button>
              </form>
              <p>
                <a href={`/@${space.handle}/followers/requests`}>Follow requests</a>
              </p>
            </section>
          ) : null}
          <PostList views={views} languages={languages} next={posts.next} />
          <section class="card">
            <h2>Follow</h2>
            <p>
              From Mastodon or any fediverse app, search for{" "}
              <span class="handle">
                @{space.handle}@{page.host}
              </span>{" "}
              and follow it.
            </p>
          </section>
        </Layout>,
      );
    }
    const owner = await findPersonByHandle(db, handle);
    if (owner == null) return c.notFound();
    const roles = await rolesOf(db, owner.id);
    return c.html(
      <Layout title={owner.displayName} page={page}>
        <h1 dir="auto">{owner.displayName}</h1>
        <p>
          <span class="handle">
            @{owner.handle}@{page.host}
          </span>
        </p>
        <p class="muted">
          <a href={`/@${handle}/followers`}>{followers} followers</a> ·{" "}
          <a href={`/@${handle}/following`}>{following} following</a>
        </p>
        {roles.length > 0 ? (
          <section class="card">
            <h2>Spaces</h2>
            <ul>
              {roles.map(({ space, role }) => (
                <li>
                  <a href={`/@${space.handle}`} dir="auto">
                    {pickLanguage(space.name, languages, space.defaultLanguage)?.text ??
                      space.handle}
                  </a>{" "}
                  <span class="muted">{role}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <PostList views={views} languages={languages} next={posts.next} />
      </Layout>,
    );
  });
  return app;
}

const PostList: FC<{ views: PostView[]; languages: string[]; next: string | undefined }> = ({
  views,
  languages,
  next,
}) => (
  <section aria-label="Posts">
    <h2>Posts</h2>
    {views.length === 0 ? <p class="muted">Nothing published yet.</p> : null}
    {views.map((view) => (
      <PostCard view={view} languages={languages} />
    ))}
    {next ? <a href={`?before=${encodeURIComponent(next)}`}>Older</a> : null}
  </section>
);
