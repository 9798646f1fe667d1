/** A space's public archive: its months, then one month's posts, membership changes or results. */
import { Hono } from "hono";
import type { PostKind } from "../../db/schema.ts";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import {
  ARCHIVE_KINDS,
  type ArchiveKind,
  archivedMembershipChanges,
  archivedPosts,
  archivedResults,
  archiveMonths,
  MonthSchema,
} from "../../server/archive/archive.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { errorResponse } from "../views/error-page.tsx";
import { Layout } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";

const SPACE = "/:name{@[a-z0-9_]{1,30}}";

export function archiveRoutes() {
  const app = new Hono<WebEnv>();
  app.get(`${SPACE}/archive`, async (c) => {
    const { db, config } = c.get("deps");
    const space = await findSpaceByHandle(db, c.req.param("name").slice(1));
    if (space == null) return errorResponse(c, 404, "error.not-found");
    const month = MonthSchema.optional().safeParse(c.req.query("month") || undefined);
    const rawKind = c.req.query("kind");
    const kind = rawKind ? (ARCHIVE_KINDS as readonly string[]).includes(rawKind) : true;
    if (!month.success || !kind) return errorResponse(c, 400, "archive.bad-query");
    const chosen = rawKind as ArchiveKind | undefined;
    const page = pageContext(c);
    const { t } = page;
    const languages = c.get("languages");
    const name = pickLanguage(space.name, languages, space.defaultLanguage)?.text ?? space.handle;
    const iri = localActorIri(config.ORIGIN, space.handle);
    const base = `/@${space.handle}/archive`;
    const months = await archiveMonths(db, iri);
    const title = t("archive.title", { name });
    const monthName = (m: string) =>
      t.dateTime(`${m}-01T00:00:00Z`, { month: "long", year: "numeric", timeZone: "UTC" });
    const shown = month.data;
    let body: unknown = null;
    if (shown != null && chosen === "memberships") {
      const changes = await archivedMembershipChanges(db, iri, shown, pageCursor(c));
      const cards = await actorCards(
        db,
        config.ORIGIN,
        changes.items.flatMap((e) => [e.memberIri, e.hubIri]),
      );
      body = (
        <ul class="changes">
          {changes.items.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>
                {t.dateTime(e.at, { dateStyle: "medium", timeZone: "UTC" })}
              </time>{" "}
              {t("archive.change", {
                change: e.change,
                member: cards.get(e.memberIri)?.handle ?? e.memberIri,
                hub: cards.get(e.hubIri)?.handle ?? e.hubIri,
              })}
            </li>
          ))}
        </ul>
      );
    } else if (shown != null) {
      const posts =
        chosen === "results"
          ? { items: await archivedResults(db, iri, shown), next: undefined }
          : await archivedPosts(db, iri, shown, chosen as PostKind | undefined, pageCursor(c));
      const views = await postViews(db, config.ORIGIN, posts.items);
      body = (
        <>
          {views.map((view) => (
            <PostCard t={t} view={view} languages={languages} />
          ))}
          {posts.next ? (
            <a
              href={`${base}?month=${shown}${chosen ? `&kind=${chosen}` : ""}&before=${encodeURIComponent(posts.next)}`}
            >
              {t("list.older")}
            </a>
          ) : null}
        </>
      );
    }
    return c.html(
      <Layout title={title} page={page}>
        <h1 dir="auto">{title}</h1>
        <p>{t("archive.intro", { name })}</p>
        {months.length === 0 ? <p class="muted">{t("archive.empty")}</p> : null}
        <ul class="archive-months">
          {months.map((m) => {
            const kinds = Object.entries(m.posts).map(([k, n]) => ({ key: k, n: n ?? 0 }));
            return (
              <li>
                <a
                  href={`${base}?month=${m.month}`}
                  aria-current={m.month === shown ? "page" : undefined}
                >
                  {monthName(m.month)}
                </a>{" "}
                {kinds.map(({ key, n }) => (
                  <a class="tag-link" href={`${base}?month=${m.month}&kind=${key}`}>
                    {t("post.kind", { kind: key })} ({t.number(n)})
                  </a>
                ))}
                {m.memberships > 0 ? (
                  <a class="tag-link" href={`${base}?month=${m.month}&kind=memberships`}>
                    {t("archive.memberships", { count: m.memberships })}
                  </a>
                ) : null}
                {m.results > 0 ? (
                  <a class="tag-link" href={`${base}?month=${m.month}&kind=results`}>
                    {t("archive.results", { count: m.results })}
                  </a>
                ) : null}
              </li>
            );
          })}
        </ul>
        {shown != null ? (
          <section aria-labelledby="archive-month">
            <h2 id="archive-month">
              {monthName(shown)}
              {chosen ? ` · ${t("archive.kind", { kind: chosen })}` : ""}
            </h2>
            {body}
          </section>
        ) : null}
      </Layout>,
    );
  });
  return app;
}
