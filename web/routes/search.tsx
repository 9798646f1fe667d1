/**
 * The search page: posts (local and known remote ones the reader may see) or the spaces of the
 * directory, by words in any language and by filters, one page at a time. A plain GET form, so
 * it works without JavaScript and every search is a link that can be shared.
 */
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { z } from "zod";
import { localActorIri } from "../../server/actors/local-iris.ts";
import type { Page } from "../../server/paging/keyset.ts";
import { localViewer } from "../../server/posts/visibility.ts";
import { MAX_RANKED, PostSearch, searchPosts } from "../../server/search/posts.ts";
import {
  countSpaces,
  SpaceSearch,
  searchSpaces,
  spaceLanguages,
} from "../../server/search/spaces.ts";
import type { WebEnv } from "../env.ts";
import { INTERFACE_LANGUAGES } from "../i18n/languages.ts";
import { identitiesOf } from "../identities.ts";
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { Layout, Notice } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";
import { SearchForm, type SearchType, type SearchValues, SpaceResults } from "../views/search.tsx";

/** The link to another page of the same search: its words and filters, one parameter changed. */
function linkTo(values: SearchValues, type: SearchType, before?: string) {
  const query = new URLSearchParams({ type });
  for (const [name, value] of Object.entries(values)) if (value) query.set(name, value);
  if (before) query.set("before", before);
  return `/search?${query}`;
}

async function postResults(c: Context<WebEnv>, search: PostSearch) {
  const { db, config } = c.get("deps");
  const person = c.get("person");
  const viewer = await localViewer(db, config.ORIGIN, person);
  const page = await searchPosts(db, search, viewer, config.ORIGIN, pageCursor(c));
  const readerIri = person ? localActorIri(config.ORIGIN, person.handle) : undefined;
  const views = await postViews(db, config.ORIGIN, page.items, readerIri);
  const identities = person ? await identitiesOf(db, person) : undefined;
  // Spaces the same words find, when no filter of posts only narrows the search.
  const spaces = search.q && !search.kind && !search.space ? await countSpaces(db, search.q) : 0;
  const { t, csrfToken } = pageContext(c);
  return {
    page,
    aside: (
      <>
        {search.q && page.order === "newest" ? (
          <p class="muted">{t("search.newest-first", { count: MAX_RANKED })}</p>
        ) : null}
        {spaces > 0 ? (
          <p>
            <a href={linkTo({ q: search.q }, "spaces")}>
              {t("search.spaces-found", { count: spaces })}
            </a>
          </p>
        ) : null}
      </>
    ),
    list: (
      <>
        {views.map((view) => (
          <PostCard
            t={t}
            view={view}
            languages={c.get("languages")}
            csrfToken={csrfToken}
            actAs={person?.handle}
            identities={identities}
          />
        ))}
      </>
    ),
  };
}

async function spaceResults(c: Context<WebEnv>, search: SpaceSearch) {
  const page = await searchSpaces(c.get("deps").db, search, pageCursor(c));
  return {
    page,
    list: <SpaceResults t={c.get("t")} spaces={page.items} languages={c.get("languages")} />,
  };
}

export function searchRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/search", async (c) => {
    const query = c.req.query();
    const type: SearchType = query.type === "spaces" ? "spaces" : "posts";
    const values: SearchValues = {
      q: query.q,
      kind: query.kind,
      space: type === "posts" ? query.space : undefined,
      focus: type === "spaces" ? query.focus : undefined,
      language: query.language,
      region: query.region,
      theme: query.theme,
    };
    const parsed = (type === "posts" ? PostSearch : SpaceSearch).safeParse(values);
    const asked = Object.values(values).some((value) => value != null && value.trim() !== "");
    // The form shows what was searched as the search read it (`ke` is the region KE).
    const shown: SearchValues = parsed.success ? { ...values, ...parsed.data } : values;
    let found: { page: Page<unknown>; list: Child; aside?: Child } | undefined;
    if (parsed.success && asked)
      found =
        type === "posts"
          ? await postResults(c, parsed.data as PostSearch)
          : await spaceResults(c, parsed.data as SpaceSearch);
    const pageCtx = pageContext(c);
    const { t } = pageCtx;
    const languages = [
      ...new Set([...INTERFACE_LANGUAGES, ...(await spaceLanguages(c.get("deps").db))]),
    ];
    const title = values.q?.trim()
      ? t("search.results-for", { q: values.q.trim() })
      : t("search.title");
    return c.html(
      <Layout title={title} page={pageCtx}>
        <h1 dir="auto">{title}</h1>
        <nav aria-label={t("search.what")}>
          {(["posts", "spaces"] as const).map((tab) => (
            <>
              <a
                href={linkTo({ q: values.q }, tab)}
                aria-current={tab === type ? "page" : undefined}
              >
                {t("search.tab", { type: tab })}
              </a>{" "}
            </>
          ))}
        </nav>
        <SearchForm t={t} type={type} values={shown} languages={languages} />
        {parsed.success ? null : <Problems t={t} error={parsed.error} />}
        {found ? (
          <section aria-label={t("search.results")}>
            {found.aside}
            {found.page.items.length === 0 ? <p>{t("search.nothing-found")}</p> : found.list}
            {found.page.next ? (
              <p>
                <a href={linkTo(values, type, found.page.next)}>{t("search.more")}</a>
              </p>
            ) : null}
          </section>
        ) : parsed.success ? (
          <p class="muted">{t("search.start")}</p>
        ) : null}
      </Layout>,
      parsed.success ? 200 : 400,
    );
  });

  return app;
}

/** What is wrong with the search, each filter by its name. */
function Problems({ t, error }: { t: WebEnv["Variables"]["t"]; error: z.ZodError }) {
  return (
    <Notice kind="error">
      <ul>
        {error.issues.map((issue) => (
          <li>
            {t("search.problem", { field: String(issue.path[0] ?? "q"), reason: t.issue(issue) })}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
