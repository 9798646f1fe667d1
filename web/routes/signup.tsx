/**
 * Accounts from the browser: by an invitation link (always), or by the open sign-up page when
 * the operators turned it on (off by default). A signed-in person opening an invitation to a
 * space joins it with their account.
 */
import { type Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import { z } from "zod";
import type { Space } from "../../db/schema.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { instancePolicy } from "../../server/instance/policy.ts";
import { acceptInvitation, findOpenInvitation } from "../../server/invitations/invitations.ts";
import { createPerson, NewPersonInput } from "../../server/people/people.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { signIn } from "../security/session.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, Notice, type PageContext } from "../views/layout.tsx";

type Values = Record<string, string>;

const SignupInput = z.object({
  handle: NewPersonInput.shape.handle,
  email: NewPersonInput.shape.email,
  displayName: NewPersonInput.shape.displayName,
  password: NewPersonInput.shape.password,
});

/** The form's fields as a new account, in the interface language the person reads now. */
function accountFrom(c: Context<WebEnv>, form: Values) {
  const parsed = SignupInput.safeParse(form);
  if (!parsed.success) return { errors: fieldErrors(c, parsed.error) };
  return { account: NewPersonInput.parse({ ...parsed.data, preferredLanguage: c.get("t").lang }) };
}

const TAKEN = { "handle-taken": "handle", "email-taken": "email" } as const;

export function signupRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/invite/:token", async (c) => {
    const open = await findOpenInvitation(c.get("deps").db, c.req.param("token"));
    if (open == null) return errorResponse(c, 404, "signup.invalid-invitation");
    return c.html(
      <SignupPage page={pageContext(c)} space={open.space} role={open.invitation.role} invited />,
    );
  });

  app.post("/invite/:token", async (c) => {
    const { db } = c.get("deps");
    const token = c.req.param("token");
    const open = await findOpenInvitation(db, token);
    if (open == null) return errorResponse(c, 404, "signup.invalid-invitation");
    const page = pageContext(c);
    const person = c.get("person");
    const form = await formFields(c);
    const shown = {
      page,
      space: open.space,
      role: open.invitation.role,
      values: form,
      invited: true,
    };
    let result: Awaited<ReturnType<typeof acceptInvitation>>;
    if (person != null) result = await acceptInvitation(db, token, { person });
    else {
      const input = accountFrom(c, form);
      if (input.errors) return c.html(<SignupPage {...shown} errors={input.errors} />, 400);
      result = await acceptInvitation(db, token, { account: input.account });
    }
    if (!result.ok) {
      if (result.reason === "invalid-invitation")
        return errorResponse(c, 409, "signup.invalid-invitation");
      const errors = { [TAKEN[result.reason]]: page.t(`setup.${result.reason}`) };
      return c.html(<SignupPage {...shown} errors={errors} />, 409);
    }
    if (person == null) await signIn(c, result.person);
    return redirectWith(c, result.space ? `/@${result.space.handle}` : "/home", "welcome");
  });

  app.get("/signup", async (c) => {
    if (!(await instancePolicy(c.get("deps").db)).openSignup)
      return errorResponse(c, 403, "signup.closed");
    return c.html(<SignupPage page={pageContext(c)} />);
  });

  app.post("/signup", async (c) => {
    const { db } = c.get("deps");
    if (!(await instancePolicy(db)).openSignup) return errorResponse(c, 403, "signup.closed");
    const form = await formFields(c);
    const page = pageContext(c);
    const input = accountFrom(c, form);
    if (input.errors)
      return c.html(<SignupPage page={page} values={form} errors={input.errors} />, 400);
    const result = await db.transaction((tx) => createPerson(tx, input.account));
    if (!result.ok) {
      const errors = { [TAKEN[result.reason]]: page.t(`setup.${result.reason}`) };
      return c.html(<SignupPage page={page} values={form} errors={errors} />, 409);
    }
    await signIn(c, result.person);
    return redirectWith(c, "/home", "welcome");
  });
  return app;
}

const SignupPage: FC<{
  page: PageContext;
  space?: Space;
  role?: string | null;
  /** Opened from an invitation link (else the open sign-up page). */
  invited?: boolean;
  values?: Values;
  errors?: Values;
}> = ({ page, space, role, invited = false, values = {}, errors = {} }) => {
  const { t } = page;
  const spaceName = space
    ? (pickLanguage(space.name, [page.lang], space.defaultLanguage)?.text ?? space.handle)
    : undefined;
  return (
    <Layout title={t(invited ? "signup.invited-title" : "signup.title")} page={page}>
      <h1>{t(invited ? "signup.invited-title" : "signup.title")}</h1>
      {spaceName ? (
        <p>
          {t.rich("signup.invited-to", {
            space: <bdi>{spaceName}</bdi>,
            role: t("actors.role", { role: role ?? "member" }),
          })}
        </p>
      ) : (
        <p>{t("signup.intro", { host: page.host })}</p>
      )}
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
      {page.person ? (
        <form method="post" class="card">
          <CsrfField token={page.csrfToken} />
          <p>{t("signup.join-as", { handle: page.person.handle })}</p>
          <button type="submit">{t("signup.accept")}</button>
        </form>
      ) : (
        <form method="post" class="card">
          <CsrfField token={page.csrfToken} />
          <Field
            name="displayName"
            label={t("setup.display-name")}
            value={values.displayName}
            error={errors.displayName}
            required={false}
            autocomplete="name"
          />
          <Field
            name="handle"
            label={t("setup.handle")}
            value={values.handle}
            error={errors.handle}
            hint={t("signup.handle-hint", { host: page.host })}
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
          <button type="submit">{t("signup.submit")}</button>
        </form>
      )}
      {page.person ? null : (
        <p>{t.rich("signup.have-account", { link: (parts) => <a href="/login">{parts}</a> })}</p>
      )}
    </Layout>
  );
};
