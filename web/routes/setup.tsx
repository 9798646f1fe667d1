import { type Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import {
  completeSetup,
  isSetUp,
  isValidSetupToken,
  SetupInput,
  type SetupResult,
} from "../../server/setup/setup.ts";
import type { WebEnv } from "../env.ts";
import type { MessageKey } from "../i18n/languages.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { signIn } from "../security/session.ts";
import { CsrfField, Field, Layout, Notice, type PageContext } from "../views/layout.tsx";

type Refusal = Extract<SetupResult, { ok: false }>["reason"];

const REASONS: Record<Refusal, MessageKey> = {
  "already-set-up": "setup.already-set-up",
  "bad-token": "setup.bad-token",
  "handle-taken": "setup.handle-taken",
  "email-taken": "setup.email-taken",
  "space-handle-taken": "setup.space-handle-taken",
};

export function setupRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/setup", async (c) => {
    const { db } = c.get("deps");
    const token = c.req.query("token") ?? "";
    if (await isSetUp(db)) return c.redirect("/login");
    if (!(await isValidSetupToken(db, token))) return invalidLink(c);
    return c.html(<SetupPage page={pageContext(c)} token={token} values={{}} errors={{}} />);
  });

  app.post("/setup", async (c) => {
    const { db } = c.get("deps");
    const form = await formFields(c);
    const token = form.token ?? "";
    const page = pageContext(c);
    const parsed = SetupInput.safeParse(form);
    if (!parsed.success) {
      const errors = fieldErrors(c, parsed.error);
      return c.html(<SetupPage page={page} token={token} values={form} errors={errors} />, 400);
    }
    const result = await completeSetup(db, token, parsed.data);
    if (!result.ok) {
      if (result.reason === "bad-token") return invalidLink(c);
      const field = {
        "handle-taken": "handle",
        "email-taken": "email",
        "space-handle-taken": "spaceHandle",
        "already-set-up": "form",
      }[result.reason];
      const errors = { [field]: page.t(REASONS[result.reason]) };
      return c.html(<SetupPage page={page} token={token} values={form} errors={errors} />, 409);
    }
    await signIn(c, result.owner);
    return c.redirect(`/@${result.space.handle}`, 303);
  });
  return app;
}

function invalidLink(c: Context<WebEnv>) {
  const page = pageContext(c);
  return c.html(
    <Layout title={page.t("setup.invalid.title")} page={page}>
      <h1>{page.t("setup.invalid.heading")}</h1>
      <Notice kind="error">{page.t(REASONS["bad-token"])}</Notice>
      <p>{page.t("setup.invalid.fresh-link")}</p>
    </Layout>,
    403,
  );
}

const SetupPage: FC<{
  page: PageContext;
  token: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}> = ({ page, token, values, errors }) => {
  const { t } = page;
  return (
    <Layout title={t("setup.title")} page={page}>
      <h1>{t("setup.heading")}</h1>
      <p>{t("setup.intro")}</p>
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
      <form method="post" action="/setup" class="card">
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <h2>{t("setup.space")}</h2>
        <Field
          name="spaceName"
          label={t("setup.space-name")}
          value={values.spaceName}
          error={errors.spaceName}
        />
        <Field
          name="spaceHandle"
          label={t("setup.space-handle")}
          value={values.spaceHandle}
          error={errors.spaceHandle}
          required={false}
          hint={t("setup.space-handle-hint", { host: page.host })}
        />
        <p class="field">
          <label for="spaceKind">{t("setup.space-kind")}</label>
          <select id="spaceKind" name="spaceKind">
            <option value="affiliate" selected={values.spaceKind !== "hub"}>
              {t("setup.kind-affiliate")}
            </option>
            <option value="hub" selected={values.spaceKind === "hub"}>
              {t("setup.kind-hub")}
            </option>
          </select>
        </p>
        <Field
          name="language"
          label={t("setup.language")}
          value={values.language ?? page.lang}
          error={errors.language}
          hint={t("setup.language-hint")}
        />
        <h2>{t("setup.account")}</h2>
        <Field
          name="displayName"
          label={t("setup.display-name")}
          value={values.displayName}
          error={errors.displayName}
          required={false}
        />
        <Field
          name="handle"
          label={t("setup.handle")}
          value={values.handle}
          error={errors.handle}
          autocomplete="username"
        />
        <Field
          name="email"
          label={t("setup.email")}
          type="email"
          value={values.email}
          error={errors.email}
          autocomplete="email"
        />
        <Field
          name="password"
          label={t("setup.password")}
          type="password"
          error={errors.password}
          hint={t("setup.password-hint")}
          autocomplete="new-password"
        />
        <button type="submit">{t("setup.submit")}</button>
      </form>
    </Layout>
  );
};
