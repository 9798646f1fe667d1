/**
 * A space's profile and settings, for its owners and admins: its name and description in each of
 * its languages (the missing ones shown as such), focus, regions, themes, website, and whether
 * followers are approved by hand. Followers are told of the change.
 */
import { type Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { Space } from "../../db/schema.ts";
import { sendProfileUpdate } from "../../federation/deliver.ts";
import { findSpaceByHandle, SpaceUpdate, updateSpace } from "../../server/spaces/spaces.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { fieldErrors, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout, Notice, type PageContext } from "../views/layout.tsx";
import { SpaceTabs } from "../views/space.tsx";

type Values = Record<string, string>;

const splitList = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/** The languages the form has fields for: the default first, then the space's others. */
function languagesOf(defaultLanguage: string, languages: string[]): string[] {
  return [...new Set([defaultLanguage, ...languages])];
}

/** The form's fields → the domain's SpaceUpdate (checked afterwards). */
function updateFrom(form: Values) {
  const defaultLanguage = form.defaultLanguage?.trim() || "en";
  const languages = splitList(form.languages);
  const name: Record<string, string> = {};
  const summary: Record<string, string> = {};
  for (const lang of languagesOf(defaultLanguage, languages)) {
    if (form[`name.${lang}`]?.trim()) name[lang] = (form[`name.${lang}`] as string).trim();
    if (form[`summary.${lang}`]?.trim()) summary[lang] = (form[`summary.${lang}`] as string).trim();
  }
  return {
    defaultLanguage,
    languages: languages.includes(defaultLanguage) ? languages : [defaultLanguage, ...languages],
    name,
    summary,
    regions: splitList(form.regions).map((r) => r.toUpperCase()),
    themes: splitList(form.themes).map((t) => t.toLowerCase()),
    website: form.website?.trim() || null,
    manuallyApprovesFollowers: form.manual === "on",
    focus: form.focus && form.focus !== "none" ? form.focus : null,
  };
}

function valuesOf(space: Space): Values {
  const values: Values = {
    defaultLanguage: space.defaultLanguage,
    languages: space.languages.join(", "),
    regions: space.regions.join(", "),
    themes: space.themes.join(", "),
    website: space.website ?? "",
    manual: space.manuallyApprovesFollowers ? "on" : "",
    focus: space.focus ?? "none",
  };
  for (const [lang, text] of Object.entries(space.name)) values[`name.${lang}`] = text;
  for (const [lang, text] of Object.entries(space.summary)) values[`summary.${lang}`] = text;
  return values;
}

async function managedSpace(c: Context<WebEnv>) {
  const handle = (c.req.param("name") ?? "").slice(1);
  const actor = await requireActor(c, handle, "manage-space");
  if (actor instanceof Response) return actor;
  const space = await findSpaceByHandle(c.get("deps").db, handle);
  return space ?? errorResponse(c, 404, "error.not-found");
}

export function spaceSettingsRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/:name{@[a-z0-9_]{1,30}}/settings", async (c) => {
    const space = await managedSpace(c);
    if (space instanceof Response) return space;
    return c.html(<SettingsPage page={pageContext(c)} space={space} values={valuesOf(space)} />);
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/settings", async (c) => {
    const space = await managedSpace(c);
    if (space instanceof Response) return space;
    const body = await c.req.parseBody();
    const form = Object.fromEntries(
      Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    const page = pageContext(c);
    const parsed = SpaceUpdate.safeParse(updateFrom(form));
    if (!parsed.success) {
      const errors = fieldErrors(c, parsed.error);
      return c.html(<SettingsPage page={page} space={space} values={form} errors={errors} />, 400);
    }
    // "Add a language" keeps the person on the form, with fields for the new language.
    if (form.add != null) {
      const values = { ...form, languages: parsed.data.languages?.join(", ") ?? "" };
      return c.html(<SettingsPage page={page} space={space} values={values} />);
    }
    const result = await updateSpace(c.get("deps").db, space, parsed.data);
    if (!result.ok) {
      const field = result.reason === "no-default-name" ? "name" : "focus";
      const code = result.reason === "no-default-name" ? "name-in-default-language" : result.reason;
      const errors = { [field]: page.t.reason({ code }) };
      return c.html(<SettingsPage page={page} space={space} values={form} errors={errors} />, 422);
    }
    await sendProfileUpdate(federationContext(c), space.handle);
    return redirectWith(c, `/@${space.handle}/settings`, "saved");
  });
  return app;
}

const SettingsPage: FC<{
  page: PageContext;
  space: Space;
  values: Values;
  errors?: Values;
}> = ({ page, space, values, errors = {} }) => {
  const { t } = page;
  const defaultLanguage = values.defaultLanguage || space.defaultLanguage;
  const languages = languagesOf(defaultLanguage, splitList(values.languages));
  const missing = languages.filter((lang) => !values[`name.${lang}`]);
  const text = (name: string, label: string, hint?: string, type = "text") => (
    <p class={errors[name] ? "field invalid" : "field"}>
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={values[name] ?? ""}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={errors[name] || hint ? `${name}-note` : undefined}
      />
      {errors[name] || hint ? (
        <small id={`${name}-note`} class={errors[name] ? "error" : "hint"}>
          {errors[name] ?? hint}
        </small>
      ) : null}
    </p>
  );
  return (
    <Layout title={t("space-settings.title")} page={page}>
      <h1>{t("space-settings.title")}</h1>
      <SpaceTabs t={t} handle={space.handle} current="settings" />
      {Object.keys(errors).length > 0 ? (
        <Notice kind="error">{t("space-settings.not-saved")}</Notice>
      ) : null}
      <form method="post" action={`/@${space.handle}/settings`} class="card">
        <CsrfField token={page.csrfToken} />
        <fieldset>
          <legend>{t("space-settings.languages")}</legend>
          {text("defaultLanguage", t("space-settings.default-language"), t("form.language-hint"))}
          {text(
            "languages",
            t("space-settings.other-languages"),
            t("space-settings.languages-hint", {
              names: t.list(languages.map(t.languageName)),
            }),
          )}
          <button type="submit" name="add" value="1" class="small">
            {t("space-settings.update-languages")}
          </button>
        </fieldset>
        {missing.length > 0 ? (
          <p class="muted" data-missing>
            {t("space-settings.missing", { languages: t.list(missing.map(t.languageName)) })}
          </p>
        ) : null}
        {errors.name ? <p class="error">{errors.name}</p> : null}
        {languages.map((lang) => (
          <fieldset lang={lang}>
            <legend lang={page.lang}>{t.languageName(lang)}</legend>
            {text(`name.${lang}`, t("space-settings.name"))}
            <p class="field">
              <label for={`summary.${lang}`}>{t("space-settings.summary")}</label>
              <textarea id={`summary.${lang}`} name={`summary.${lang}`} rows={3} dir="auto">
                {values[`summary.${lang}`] ?? ""}
              </textarea>
            </p>
          </fieldset>
        ))}
        {space.kind === "hub" ? (
          <p class={errors.focus ? "field invalid" : "field"}>
            <label for="focus">{t("space-settings.focus")}</label>
            <select id="focus" name="focus">
              {(["none", "regional", "language", "thematic"] as const).map((focus) => (
                <option value={focus} selected={(values.focus ?? "none") === focus}>
                  {t("space.kind", { kind: "hub", focus })}
                </option>
              ))}
            </select>
          </p>
        ) : null}
        {text("regions", t("form.regions"), t("form.regions-hint"))}
        {text("themes", t("form.themes"), t("form.themes-hint"))}
        {text("website", t("facts.website"), undefined, "url")}
        <p class="field">
          <label>
            <input type="checkbox" name="manual" checked={values.manual === "on"} />{" "}
            {t("actors.approve-by-hand")}
          </label>
        </p>
        <button type="submit">{t("posts.save")}</button>
      </form>
    </Layout>
  );
};
