import { type Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import { completeSetup, isSetUp, isValidSetupToken, SetupInput } from "../../server/setup/setup.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { signIn } from "../security/session.ts";
import { CsrfField, Field, Layout, Notice, type PageContext } from "../views/layout.tsx";

const REASONS = {
  "already-set-up": "This instance is already set up. Sign in instead.",
  "bad-token":
    "This setup link is not valid any more. Use the newest link printed in the server log.",
  "handle-taken": "That handle is taken.",
  "email-taken": "That email address already has an account.",
  "space-handle-taken": "That space handle is taken.",
} as const;

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
      return c.html(
        <SetupPage page={page} token={token} values={form} errors={fieldErrors(parsed.error)} />,
        400,
      );
    }
    const result = await completeSetup(db, token, parsed.data);
    if (!result.ok) {
      if (result.reason === "bad-token") return invalidLink(c);
      const field = {
        "handle-taken": "handle",
        "email-taken": "email",
        "space-handle-taken": "spaceHandle",
      };
      const errors =
        result.reason === "already-set-up"
          ? { form: REASONS[result.reason] }
          : { [field[result.reason]]: REASONS[result.reason] };
      return c.html(<SetupPage page={page} token={token} values={form} errors={errors} />, 409);
    }
    await signIn(c, result.owner);
    return c.redirect(`/@${result.space.handle}`, 303);
  });
  return app;
}

function invalidLink(c: Context<WebEnv>) {
  return c.html(
    <Layout title="Setup link not valid" page={pageContext(c)}>
      <h1>This setup link is not valid</h1>
      <Notice kind="error">{REASONS["bad-token"]}</Notice>
      <p>Each start of the server prints a fresh link while the instance is not set up.</p>
    </Layout>,
    403,
  );
}

const SetupPage: FC<{
  page: PageContext;
  token: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}> = ({ page, token, values, errors }) => (
  <Layout title="Set up" page={page}>
    <h1>Set up this Hubnet instance</h1>
    <p>Create the first space (your affiliate or hub) and the account that owns it.</p>
    {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
    <form method="post" action="/setup" class="card">
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="token" value={token} />
      <h2>The space</h2>
      <Field name="spaceName" label="Name" value={values.spaceName} error={errors.spaceName} />
      <Field
        name="spaceHandle"
        label="Handle"
        value={values.spaceHandle}
        error={errors.spaceHandle}
        required={false}
        hint={`Followers will find it as @handle@${page.host}. Leave empty to derive it from the name.`}
      />
      <p class="field">
        <label for="spaceKind">Kind</label>
        <select id="spaceKind" name="spaceKind">
          <option value="affiliate" selected={values.spaceKind !== "hub"}>
            Affiliate (chapter, user group, thematic organization)
          </option>
          <option value="hub" selected={values.spaceKind === "hub"}>
            Hub (regional, language or thematic)
          </option>
        </select>
      </p>
      <Field
        name="language"
        label="Main language"
        value={values.language ?? "en"}
        error={errors.language}
        hint="A BCP 47 tag such as en, fr, sw, pt-BR or ar."
      />
      <h2>Your account</h2>
      <Field
        name="displayName"
        label="Your name"
        value={values.displayName}
        error={errors.displayName}
        required={false}
      />
      <Field
        name="handle"
        label="Your handle"
        value={values.handle}
        error={errors.handle}
        autocomplete="username"
      />
      <Field
        name="email"
        label="Email"
        type="email"
        value={values.email}
        error={errors.email}
        autocomplete="email"
      />
      <Field
        name="password"
        label="Password"
        type="password"
        error={errors.password}
        hint="At least 10 characters."
        autocomplete="new-password"
      />
      <button type="submit">Create space and account</button>
    </form>
  </Layout>
);
