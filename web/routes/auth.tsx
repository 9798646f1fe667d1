import { Hono } from "hono";
import type { FC } from "hono/jsx";
import { z } from "zod";
import { instancePolicy } from "../../server/instance/policy.ts";
import { authenticate } from "../../server/people/people.ts";
import { because } from "../../server/validation.ts";
import { clientAddress } from "../api/auth.ts";
import type { RateLimiter } from "../api/rate-limit.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { localPath } from "../security/redirects.ts";
import { signIn, signOut } from "../security/session.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, Notice, type PageContext } from "../views/layout.tsx";

const LoginInput = z.object({
  login: z.string().trim().min(1, because("enter-login")).max(320),
  password: z.string().min(1, because("enter-password")).max(1000),
  // Only local paths, so a crafted link cannot send people to another site after signing in.
  next: z.unknown().optional().transform(localPath),
});

export function authRoutes(logins: RateLimiter) {
  const app = new Hono<WebEnv>();

  app.get("/login", async (c) => {
    const next = LoginInput.shape.next.parse(c.req.query("next"));
    const { openSignup } = await instancePolicy(c.get("deps").db);
    return c.html(
      <LoginPage page={pageContext(c)} values={{ next }} errors={{}} openSignup={openSignup} />,
    );
  });

  app.post("/login", async (c) => {
    const verdict = logins.take(clientAddress(c) ?? "unknown");
    if (!verdict.ok) {
      c.header("retry-after", String(verdict.retryAfter));
      return errorResponse(c, 429, "auth.too-many-attempts", { seconds: verdict.retryAfter });
    }
    const form = await formFields(c);
    const parsed = LoginInput.safeParse(form);
    if (!parsed.success) {
      return c.html(
        <LoginPage page={pageContext(c)} values={form} errors={fieldErrors(c, parsed.error)} />,
        400,
      );
    }
    const person = await authenticate(c.get("deps").db, parsed.data.login, parsed.data.password);
    if (person == null) {
      const errors = { form: c.get("t")("auth.no-match") };
      return c.html(<LoginPage page={pageContext(c)} values={form} errors={errors} />, 401);
    }
    // The password was right, so the person may know why: a suspended account does not sign in.
    if (person.suspendedAt != null) return errorResponse(c, 403, "auth.suspended");
    await signIn(c, person);
    return c.redirect(parsed.data.next, 303);
  });

  app.post("/logout", async (c) => {
    await signOut(c);
    return c.redirect("/", 303);
  });
  return app;
}

const LoginPage: FC<{
  page: PageContext;
  values: Record<string, string>;
  errors: Record<string, string>;
  openSignup?: boolean;
}> = ({ page, values, errors, openSignup }) => (
  <Layout title={page.t("auth.title")} page={page}>
    <h1>{page.t("auth.title")}</h1>
    {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
    <form method="post" action="/login" class="card">
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="next" value={values.next ?? "/"} />
      <Field
        name="login"
        label={page.t("auth.login")}
        value={values.login}
        error={errors.login}
        autocomplete="username"
      />
      <Field
        name="password"
        label={page.t("auth.password")}
        type="password"
        error={errors.password}
        autocomplete="current-password"
      />
      <button type="submit">{page.t("auth.submit")}</button>
    </form>
    <p class="muted">
      {openSignup
        ? page.t.rich("auth.sign-up", { link: (parts) => <a href="/signup">{parts}</a> })
        : page.t("auth.by-invitation")}
    </p>
  </Layout>
);
