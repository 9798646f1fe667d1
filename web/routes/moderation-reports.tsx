import { inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { people, type Report, reportAction } from "../../db/schema.ts";
import { forwardReport, resolveReportWith } from "../../federation/actions/reports.ts";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { findReport, reportsPage } from "../../server/moderation/reports.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { requireInstanceRole } from "../moderation-access.ts";
import { formFields, pageContext } from "../page.ts";
import { postViews } from "../post-views.ts";
import { pageCursor } from "../security/input.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";
import { day, ModerationNav, reportSource, selector } from "../views/moderation.tsx";
import { PostCard } from "../views/post.tsx";

/** Who filed each report here (moderators see it; nobody else ever does). */
async function reporters(c: Context<WebEnv>, reports: Report[]): Promise<Map<string, string>> {
  const ids = [...new Set(reports.flatMap((r) => (r.reporterId ? [r.reporterId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await c
    .get("deps")
    .db.select({ id: people.id, handle: people.handle })
    .from(people)
    .where(inArray(people.id, ids));
  return new Map(rows.map((row) => [row.id, row.handle]));
}

/** The moderators' queue: open and resolved reports, one report with its posts, and the actions. */
export function moderationReportRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/moderation", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const status = c.req.query("status") === "resolved" ? "resolved" : "open";
    const { db, config } = c.get("deps");
    const reports = await reportsPage(db, status, pageCursor(c));
    const [cards, who] = await Promise.all([
      actorCards(
        db,
        config.ORIGIN,
        reports.items.map((r) => r.actorIri),
      ),
      reporters(c, reports.items),
    ]);
    const page = pageContext(c);
    const { t } = page;
    return c.html(
      <Layout title={t("moderation.title")} page={page}>
        <h1>{t("moderation.title")}</h1>
        <ModerationNav t={t} moderator />
        <h2>{t(status === "open" ? "moderation.queue" : "moderation.resolved-reports")}</h2>
        <p>
          <a href={status === "open" ? "/moderation?status=resolved" : "/moderation"}>
            {t(status === "open" ? "moderation.resolved-reports" : "moderation.queue")}
          </a>
        </p>
        {reports.items.length === 0 ? (
          <p class="muted">
            {t(status === "open" ? "moderation.no-reports" : "moderation.no-resolved")}
          </p>
        ) : (
          <ul class="spaces">
            {reports.items.map((report) => {
              const card = cards.get(report.actorIri);
              return (
                <li>
                  <a href={`/moderation/reports/${report.id}`}>
                    {t("moderation.report-title", { actor: card?.handle ?? report.actorIri })}
                  </a>{" "}
                  <span class="muted">
                    {t("report.category-option", { category: report.category })} ·{" "}
                    {t("moderation.posts-count", { count: report.objectIris.length })} ·{" "}
                    {reportSource(
                      t,
                      report,
                      report.reporterId ? who.get(report.reporterId) : undefined,
                    )}{" "}
                    · {day(t, report.createdAt)}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {reports.next ? (
          <p>
            <a href={`/moderation?status=${status}&before=${reports.next}`}>
              {t("moderation.older")}
            </a>
          </p>
        ) : null}
      </Layout>,
    );
  });

  app.get("/moderation/reports/:id", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const { db, config } = c.get("deps");
    const report = await findReport(db, c.req.param("id"));
    if (report == null) return errorResponse(c, 404, "api.no-report");
    const posts = (
      await Promise.all(report.objectIris.map((iri) => findPostByIri(db, iri)))
    ).filter((post) => post != null);
    const [views, cards, who] = await Promise.all([
      postViews(db, config.ORIGIN, posts),
      actorCards(db, config.ORIGIN, [report.actorIri]),
      reporters(c, [report]),
    ]);
    const card = cards.get(report.actorIri);
    const actorHost = new URL(report.actorIri).host;
    const local = actorHost === new URL(config.ORIGIN).host;
    const page = pageContext(c);
    const { t } = page;
    return c.html(
      <Layout
        title={t("moderation.report-title", { actor: card?.handle ?? report.actorIri })}
        page={page}
      >
        <h1>{t("moderation.report-title", { actor: card?.handle ?? report.actorIri })}</h1>
        <ModerationNav t={t} moderator />
        <dl class="facts">
          <dt>{t("moderation.account")}</dt>
          <dd>
            <a href={card?.url ?? report.actorIri} class="handle">
              {card?.handle ?? report.actorIri}
            </a>
          </dd>
          <dt>{t("report.category")}</dt>
          <dd>{t("report.category-option", { category: report.category })}</dd>
          <dt>{t("moderation.comment")}</dt>
          <dd dir="auto">{report.comment || t("moderation.no-comment")}</dd>
          <dt>{t("moderation.filed")}</dt>
          <dd>
            {reportSource(t, report, report.reporterId ? who.get(report.reporterId) : undefined)} ·{" "}
            {day(t, report.createdAt)}
          </dd>
        </dl>
        <h2>{t("moderation.reported-posts")}</h2>
        {report.objectIris.length === 0 ? <p class="muted">{t("moderation.no-posts")}</p> : null}
        {views.map((view) => (
          <PostCard t={t} view={view} languages={c.get("languages")} />
        ))}
        {posts.length < report.objectIris.length ? (
          <p class="muted">
            {t("moderation.post-gone", { count: report.objectIris.length - posts.length })}
          </p>
        ) : null}
        {report.forwardedAt ? (
          <p class="muted">
            {t("moderation.forwarded", { host: actorHost, date: day(t, report.forwardedAt) })}
          </p>
        ) : !local && report.sourceDomain == null ? (
          <form method="post" action={`/moderation/reports/${report.id}/forward`} class="inline">
            <CsrfField token={page.csrfToken} />
            <button type="submit">{t("moderation.forward", { host: actorHost })}</button>
          </form>
        ) : null}
        {report.status === "resolved" ? (
          <p>
            {t("moderation.resolved-as", {
              date: day(t, report.resolvedAt ?? report.createdAt),
              action: t("moderation.action-option", { action: selector(report.action ?? "none") }),
            })}
            {report.note ? (
              <>
                {" — "}
                <q dir="auto">{report.note}</q>
              </>
            ) : null}
          </p>
        ) : (
          <form method="post" action={`/moderation/reports/${report.id}/resolve`} class="card">
            <h2>{t("moderation.resolve")}</h2>
            <CsrfField token={page.csrfToken} />
            <fieldset>
              <legend>{t("moderation.action")}</legend>
              {reportAction.enumValues.map((action) => (
                <label class="scope">
                  <input type="radio" name="action" value={action} checked={action === "none"} />{" "}
                  {t("moderation.action-option", { action: selector(action) })}
                </label>
              ))}
            </fieldset>
            <p class="field">
              <label for="note">{t("moderation.note")}</label>
              <textarea id="note" name="note" rows={3} maxlength={2000} />
            </p>
            <button type="submit">{t("moderation.resolve")}</button>
          </form>
        )}
      </Layout>,
    );
  });

  app.post("/moderation/reports/:id/resolve", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const form = await formFields(c);
    const action = reportAction.enumValues.find((a) => a === form.action);
    if (action == null) return errorResponse(c, 400, "api.invalid-fields");
    const result = await resolveReportWith(
      federationContext(c),
      c.req.param("id"),
      { action, note: (form.note ?? "").trim().slice(0, 2000) },
      { personId: person.id },
    );
    if (!result.ok) {
      if (result.reason === "not-found") return errorResponse(c, 404, "api.no-report");
      return errorResponse(
        c,
        result.reason === "resolved" ? 409 : 422,
        `api.resolve-${result.reason}`,
      );
    }
    return c.redirect(`/moderation/reports/${result.report.id}`, 303);
  });

  app.post("/moderation/reports/:id/forward", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const report = await findReport(c.get("deps").db, c.req.param("id"));
    if (report == null) return errorResponse(c, 404, "api.no-report");
    if (!(await forwardReport(federationContext(c), report)))
      return errorResponse(c, 409, "api.not-forwardable");
    return c.redirect(`/moderation/reports/${report.id}`, 303);
  });

  return app;
}
