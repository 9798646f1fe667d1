import { Hono } from "hono";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { instancePolicy } from "../../server/instance/policy.ts";
import { feedPosts } from "../../server/posts/lists.ts";
import { isSetUp } from "../../server/setup/setup.ts";
import { listSpaces } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { Layout, Notice } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";
import { excerpt } from "../views/preview.tsx";
import { spaceKindOf } from "../views/space.tsx";
import { feedLink } from "./feeds.tsx";

export function homeRoutes() {
  const app = new Hono<WebEnv>();
  app.get("/", async (c) => {
    const { db } = c.get("deps");
    const page = pageContext(c);
    const { t } = page;
    if (!(await isSetUp(db))) {
      return c.html(
        <Layout title={t("home.welcome.title")} page={page}>
          <h1>{t("home.welcome.heading")}</h1>
          <p>{t("home.welcome.not-set-up")}</p>
          <Notice kind="info">
            <p>
              {t.rich("home.welcome.setup-link", {
                strong: (parts) => <strong>{parts}</strong>,
                example: <code>{`${c.get("deps").config.ORIGIN}/setup?token=…`}</code>,
              })}
            </p>
            <p>
              {t.rich("home.welcome.without-browser", {
                command: <code>npm run hubnet -- setup --help</code>,
              })}
            </p>
          </Notice>
        </Layout>,
      );
    }
    const { config } = c.get("deps");
    const [spaces, policy, posts] = await Promise.all([
      listSpaces(db),
      instancePolicy(db),
      feedPosts(db, {}, 20),
    ]);
    const languages = c.get("languages");
    const person = c.get("person");
    const readerIri = person ? localActorIri(config.ORIGIN, person.handle) : undefined;
    const views = await postViews(db, config.ORIGIN, posts, readerIri);
    const feeds = [
      feedLink(t, "all"),
      {
        title: t("feeds.calendar", { host: page.host }),
        href: "/events.ics",
        type: "text/calendar" as const,
      },
    ];
    return c.html(
      <Layout title={t("home.spaces.title")} page={page} feeds={feeds}>
        <h1>{t("home.spaces.heading", { host: page.host })}</h1>
        {policy.about ? (
          <p class="about" dir="auto">
            {policy.about}
          </p>
        ) : null}
        <ul class="spaces">
          {spaces.map((space) => {
            const name = pickLanguage(space.name, languages, space.defaultLanguage);
            const summary = pickLanguage(space.summary, languages, space.defaultLanguage);
            return (
              <li>
                <a href={`/@${space.handle}`} lang={name?.language} dir="auto">
                  {name?.text ?? space.handle}
                </a>{" "}
                <span class="handle">
                  @{space.handle}@{page.host}
                </span>{" "}
                <span class="muted">{spaceKindOf(t, space)}</span>
                {summary ? (
                  <p class="muted" lang={summary.language} dir="auto">
                    {excerpt(summary.text, 160)}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">{t("home.latest")}</h2>
          {views.length === 0 ? (
            <p class="empty">
              {person
                ? t.rich("home.no-posts-signed-in", {
                    link: (parts) => <a href="/home">{parts}</a>,
                  })
                : t("home.no-posts")}
            </p>
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
          <p class="links">
            <a href="/feed.atom">{t("feeds.atom")}</a>{" "}
            <a href="/events.ics">{t("feeds.calendar", { host: page.host })}</a>
          </p>
        </section>
      </Layout>,
    );
  });
  return app;
}
