/**
 * A signed-in person's own settings: an overview with their spaces, their profile (the name
 * others see) and their password.
 */
import { type Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import { z } from "zod";
import type { Person } from "../../db/schema.ts";
import { sendProfileUpdate } from "../../federation/deliver.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { instancePolicy } from "../../server/instance/policy.ts";
import { changePassword } from "../../server/people/accounts.ts";
import { mayOnInstance } from "../../server/people/instance-roles.ts";
import {
  PasswordSchema,
  ProfileUpdate,
  rolesOf,
  updateProfile,
} from "../../server/people/people.ts";
import { roleMay } from "../../server/spaces/permissions.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { signIn } from "../security/session.ts";
import { CsrfField, Field, Layout, type PageContext } from "../views/layout.tsx";

const PasswordChange = z.object({ current: z.string().min(1).max(1000), password: PasswordSchema });

function signedIn(c: Context<WebEnv>): Person | Response {
  const person = c.get("person");
  return person ?? c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
}

export function settingsRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/settings", async (c) => {
    const person = signedIn(c);
    if (person instanceof Response) return person;
    const { db } = c.get("deps");
    const [roles, policy] = await Promise.all([rolesOf(db, person.id), instancePolicy(db)]);
    const page = pageContext(c);
    const { t } = page;
    const mayCreate = mayOnInstance(person, "administer") || policy.peopleCreateSpaces;
    return c.html(
      <Layout title={t("settings.title")} page={page}>
        <h1>{t("settings.title")}</h1>
        <ul class="settings-links">
          <li>
            <a href="/settings/profile">{t("settings.profile")}</a>
          </li>
          <li>
            <a href="/settings/password">{t("settings.password")}</a>
          </li>
          <li>
            <a href="/settings/preferences">{t("layout.nav.preferences")}</a>
          </li>
          <li>
            <a href="/settings/tokens">{t("layout.nav.tokens")}</a>
          </li>
        </ul>
        <section class="card">
          <h2>{t("settings.your-spaces")}</h2>
          {roles.length === 0 ? <p class="empty">{t("settings.no-spaces")}</p> : null}
          <ul class="spaces">
            {roles.map(({ space, role }) => (
              <li>
                <a href={`/@${space.handle}`} dir="auto">
                  {pickLanguage(space.name, c.get("languages"), space.defaultLanguage)?.text ??
                    space.handle}
                </a>{" "}
                <span class="muted">{t("actors.role", { role })}</span>
                {roleMay(role, "manage-space") ? (
                  <>
                    {" · "}
                    <a href={`/@${space.handle}/settings`}>
                      {t("space-tabs.tab", { tab: "settings" })}
                    </a>
                    {" · "}
                    <a href={`/@${space.handle}/people`}>
                      {t("space-tabs.tab", { tab: "members" })}
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {mayCreate ? (
            <p>
              <a href="/spaces/new">{t("settings.new-space")}</a>
            </p>
          ) : null}
        </section>
      </Layout>,
    );
  });

  app.get("/settings/profile", (c) => {
    const person = signedIn(c);
    if (person instanceof Response) return person;
    return c.html(
      <ProfilePage page={pageContext(c)} values={{ displayName: person.displayName }} />,
    );
  });

  app.post("/settings/profile", async (c) => {
    const person = signedIn(c);
    if (person instanceof Response) return person;
    const form = await formFields(c);
    const parsed = ProfileUpdate.pick({ displayName: true }).required().safeParse(form);
    if (!parsed.success)
      return c.html(
        <ProfilePage page={pageContext(c)} values={form} errors={fieldErrors(c, parsed.error)} />,
        400,
      );
    await updateProfile(c.get("deps").db, person, parsed.data);
    await sendProfileUpdate(federationContext(c), person.handle);
    return redirectWith(c, "/settings/profile", "saved");
  });

  app.get("/settings/password", (c) => {
    const person = signedIn(c);
    if (person instanceof Response) return person;
    return c.html(<PasswordPage page={pageContext(c)} />);
  });

  app.post("/settings/password", async (c) => {
    const person = signedIn(c);
    if (person instanceof Response) return person;
    const form = await formFields(c);
    const parsed = PasswordChange.safeParse(form);
    const page = pageContext(c);
    if (!parsed.success)
      return c.html(<PasswordPage page={page} errors={fieldErrors(c, parsed.error)} />, 400);
    const result = await changePassword(
      c.get("deps").db,
      person,
      parsed.data.current,
      parsed.data.password,
    );
    if (!result.ok)
      return c.html(
        <PasswordPage page={page} errors={{ current: page.t("api.wrong-password") }} />,
        403,
      );
    // Every session ended with the old password; this browser, which knew it, signs in again.
    await signIn(c, result.person);
    return redirectWith(c, "/settings", "password-changed");
  });
  return app;
}

const ProfilePage: FC<{
  page: PageContext;
  values: Record<string, string>;
  errors?: Record<string, string>;
}> = ({ page, values, errors = {} }) => (
  <Layout title={page.t("settings.profile")} page={page}>
    <h1>{page.t("settings.profile")}</h1>
    <form method="post" action="/settings/profile" class="card">
      <CsrfField token={page.csrfToken} />
      <Field
        name="displayName"
        label={page.t("setup.display-name")}
        value={values.displayName}
        error={errors.displayName}
        hint={page.t("settings.display-name-hint")}
        autocomplete="name"
      />
      <button type="submit">{page.t("posts.save")}</button>
    </form>
  </Layout>
);

const PasswordPage: FC<{ page: PageContext; errors?: Record<string, string> }> = ({
  page,
  errors = {},
}) => (
  <Layout title={page.t("settings.password")} page={page}>
    <h1>{page.t("settings.password")}</h1>
    <p>{page.t("settings.password-intro")}</p>
    <form method="post" action="/settings/password" class="card">
      <CsrfField token={page.csrfToken} />
      <Field
        name="current"
        label={page.t("settings.current-password")}
        type="password"
        error={errors.current}
        autocomplete="current-password"
      />
      <Field
        name="password"
        label={page.t("settings.new-password")}
        type="password"
        error={errors.password}
        hint={page.t("setup.password-hint")}
        autocomplete="new-password"
      />
      <button type="submit">{page.t("settings.change-password")}</button>
    </form>
  </Layout>
);
