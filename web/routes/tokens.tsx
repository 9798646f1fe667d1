import { type Context, Hono } from "hono";
import {
  createToken,
  listTokens,
  NewTokenInput,
  revokeToken,
  SCOPES,
} from "../../server/tokens/tokens.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, Notice } from "../views/layout.tsx";

/** Personal access tokens for the API: made here, shown once, revoked here. */
export function tokenRoutes() {
  const app = new Hono<WebEnv>();

  const page = async (
    c: Context<WebEnv>,
    notice?: { secret?: string; errors?: Record<string, string> },
  ) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/settings/tokens", 303);
    const tokens = await listTokens(c.get("deps").db, person.id);
    const ctx = pageContext(c);
    const { t } = ctx;
    const day = (date: Date) => t.dateTime(date, { dateStyle: "medium", timeZone: "UTC" });
    return c.html(
      <Layout title={t("tokens.title")} page={ctx}>
        <h1>{t("tokens.title")}</h1>
        <p>{t.rich("tokens.intro", { link: (parts) => <a href="/api/docs">{parts}</a> })}</p>
        {notice?.secret ? (
          <Notice kind="info">
            <p>{t("tokens.copy-now")}</p>
            <p>
              <code class="handle">{notice.secret}</code>
            </p>
          </Notice>
        ) : null}
        <form method="post" action="/settings/tokens" class="card">
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="name"
            label={t("tokens.name")}
            hint={t("tokens.name-hint")}
            error={notice?.errors?.name}
          />
          <fieldset>
            <legend>{t("tokens.scopes")}</legend>
            {SCOPES.filter((s) => s !== "admin" || person.instanceRole != null).map((scope) => (
              <label class="scope">
                <input type="checkbox" name="scopes" value={scope} checked={scope === "read"} />{" "}
                {scope} — {t("tokens.scope-help", { scope })}
              </label>
            ))}
            {notice?.errors?.scopes ? <small class="error">{notice.errors.scopes}</small> : null}
          </fieldset>
          <button type="submit">{t("tokens.create")}</button>
        </form>
        <ul class="spaces">
          {tokens.map((token) => (
            <li>
              <strong>{token.name}</strong> <span class="muted">{token.scopes.join(", ")}</span>{" "}
              <span class="muted">
                {t("tokens.made", { date: day(token.createdAt) })}
                {" · "}
                {token.lastUsedAt
                  ? t("tokens.last-used", { date: day(token.lastUsedAt) })
                  : t("tokens.never-used")}
              </span>{" "}
              <form method="post" action={`/settings/tokens/${token.id}/revoke`} class="inline">
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="small danger">
                  {t("tokens.revoke")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      </Layout>,
      notice?.errors ? 400 : 200,
    );
  };

  app.get("/settings/tokens", (c) => page(c));

  app.post("/settings/tokens", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/settings/tokens", 303);
    const body = await c.req.parseBody({ all: true });
    const scopes = [body.scopes ?? []].flat().filter((s): s is string => typeof s === "string");
    const parsed = NewTokenInput.safeParse({ name: body.name, scopes });
    if (!parsed.success) return page(c, { errors: fieldErrors(c, parsed.error) });
    if (parsed.data.scopes.includes("admin") && person.instanceRole == null) {
      return errorResponse(c, 403, "tokens.admin-only");
    }
    const { secret } = await createToken(c.get("deps").db, person.id, parsed.data);
    return page(c, { secret });
  });

  app.post("/settings/tokens/:id/revoke", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/settings/tokens", 303);
    if (!(await revokeToken(c.get("deps").db, c.req.param("id"), person.id))) {
      return errorResponse(c, 404, "tokens.no-such-token");
    }
    return redirectWith(c, "/settings/tokens", "token-revoked");
  });
  return app;
}
