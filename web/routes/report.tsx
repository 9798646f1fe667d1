import { type Context, Hono } from "hono";
import { z } from "zod";
import { reportCategory } from "../../db/schema.ts";
import { fileReportAs, type ReportTarget } from "../../federation/actions/reports.ts";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { MAX_COMMENT } from "../../server/moderation/reports.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { canView, localViewer } from "../../server/posts/visibility.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { formFields, pageContext } from "../page.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, Notice } from "../views/layout.tsx";

const ReportForm = z.object({
  post: z.string().max(2000).optional(),
  actor: z.string().trim().max(500).optional(),
  category: z.enum(reportCategory.enumValues).default("other"),
  comment: z.string().trim().max(MAX_COMMENT).default(""),
  forward: z.literal("on").optional(),
});

/**
 * Reporting a post or an account to this instance's moderators, for anyone signed in; a report
 * about another server's post or account can also go there, without the reporter's name.
 */
export function reportRoutes() {
  const app = new Hono<WebEnv>();

  const form = async (c: Context<WebEnv>, target: { post?: string; actor?: string }) => {
    const page = pageContext(c);
    const { t } = page;
    const { db, config } = c.get("deps");
    const post = target.post ? await findPostByIri(db, target.post) : undefined;
    if (
      target.post &&
      (post == null ||
        !(await canView(db, post, await localViewer(db, config.ORIGIN, page.person))))
    )
      return errorResponse(c, 404, "error.no-post");
    const author = post
      ? (await actorCards(db, config.ORIGIN, [post.authorIri])).get(post.authorIri)
      : undefined;
    const remoteHost = post && !post.isLocal ? new URL(post.authorIri).host : undefined;
    return c.html(
      <Layout title={t("report.title")} page={page}>
        <h1>{t("report.title")}</h1>
        <form method="post" action="/report" class="card">
          <CsrfField token={page.csrfToken} />
          {post ? (
            <>
              <p>
                {t("report.intro-post", {
                  author: author?.handle ?? post.authorIri,
                  host: page.host,
                })}
              </p>
              <p>
                <a href={post.url ?? post.iri}>{post.url ?? post.iri}</a>
              </p>
              <input type="hidden" name="post" value={post.iri} />
            </>
          ) : (
            <Field
              name="actor"
              label={t("report.account")}
              hint={t("report.account-hint")}
              value={target.actor}
            />
          )}
          <p class="field">
            <label for="category">{t("report.category")}</label>
            <select id="category" name="category">
              {reportCategory.enumValues.map((category) => (
                <option value={category}>{t("report.category-option", { category })}</option>
              ))}
            </select>
          </p>
          <p class="field">
            <label for="comment">{t("report.comment")}</label>
            <textarea id="comment" name="comment" rows={4} maxlength={MAX_COMMENT} />
          </p>
          <p>
            <label>
              <input type="checkbox" name="forward" checked={remoteHost != null} />{" "}
              {t("report.forward", { host: remoteHost ?? t("report.their-server") })}
            </label>
            <br />
            <small class="hint">{t("report.forward-hint")}</small>
          </p>
          <button type="submit">{t("report.submit")}</button>
        </form>
      </Layout>,
    );
  };

  app.get("/report", async (c) => {
    if (c.get("person") == null) {
      const here = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
    }
    const post = c.req.query("post");
    return form(c, post ? { post } : { actor: c.req.query("actor") });
  });

  app.post("/report", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/report", 303);
    const parsed = ReportForm.safeParse(await formFields(c));
    if (!parsed.success) return errorResponse(c, 400, "api.invalid-fields");
    const { post, actor, category, comment, forward } = parsed.data;
    if (!post && !actor) return errorResponse(c, 400, "api.report-not-found");
    const target: ReportTarget = post ? { post } : { actor: actor ?? "" };
    const filed = await fileReportAs(federationContext(c), person, target, {
      category,
      comment,
      forward: forward === "on",
    });
    if (!filed.ok)
      return errorResponse(
        c,
        filed.reason === "self" ? 422 : 404,
        `api.report-${filed.reason}` as const,
      );
    const page = pageContext(c);
    const { t } = page;
    return c.html(
      <Layout title={t("report.title")} page={page}>
        <h1>{t("report.title")}</h1>
        <Notice kind="info">
          <p>{t("report.sent", { host: page.host })}</p>
          {filed.forwarded ? (
            <p>{t("report.sent-forwarded", { host: new URL(filed.report.actorIri).host })}</p>
          ) : null}
        </Notice>
        <p>
          <a href="/home">{t("error.back-home")}</a>
        </p>
      </Layout>,
    );
  });

  return app;
}
