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
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, Notice } from "../views/layout.tsx";

const SCOPE_HELP = {
  read: "read what you can see",
  write: "also publish, follow, like and change what you manage",
  admin: "also operator actions: accounts and spaces (operators only)",
} as const;

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
    return c.html(
      <Layout title="API tokens" page={ctx}>
        <h1>API tokens</h1>
        <p>
          Scripts and apps use a token to call the <a href="/api/docs">Hubnet API</a> as you.
        </p>
        {notice?.secret ? (
          <Notice kind="info">
            <p>Copy your new token now; it will not be shown again:</p>
            <p>
              <code class="handle">{notice.secret}</code>
            </p>
          </Notice>
        ) : null}
        <form method="post" action="/settings/tokens" class="card">
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="name"
            label="Name"
            hint="What uses it, e.g. the events bot"
            error={notice?.errors?.name}
          />
          <fieldset>
            <legend>Scopes</legend>
            {SCOPES.filter((s) => s !== "admin" || person.isOperator).map((scope) => (
              <label class="scope">
                <input type="checkbox" name="scopes" value={scope} checked={scope === "read"} />{" "}
                {scope} — {SCOPE_HELP[scope]}
              </label>
            ))}
            {notice?.errors?.scopes ? <small class="error">{notice.errors.scopes}</small> : null}
          </fieldset>
          <button type="submit">Create token</button>
        </form>
        <ul class="spaces">
          {tokens.map((token) => (
            <li>
              <strong>{token.name}</strong> <span class="muted">{token.scopes.join(", ")}</span>{" "}
              <span class="muted">
                made {token.createdAt.toISOString().slice(0, 10)}
                {token.lastUsedAt
                  ? `, last used ${token.lastUsedAt.toISOString().slice(0, 10)}`
                  : ", never used"}
              </span>{" "}
              <form method="post" action={`/settings/tokens/${token.id}/revoke`} class="inline">
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="small danger">
                  Revoke
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
    if (!parsed.success) return page(c, { errors: fieldErrors(parsed.error) });
    if (parsed.data.scopes.includes("admin") && !person.isOperator) {
      return errorResponse(c, 403, "Only operators can make tokens with the admin scope.");
    }
    const { secret } = await createToken(c.get("deps").db, person.id, parsed.data);
    return page(c, { secret });
  });

  app.post("/settings/tokens/:id/revoke", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/settings/tokens", 303);
    if (!(await revokeToken(c.get("deps").db, c.req.param("id"), person.id))) {
      return errorResponse(c, 404, "You have no such token.");
    }
    return c.redirect("/settings/tokens", 303);
  });
  return app;
}
