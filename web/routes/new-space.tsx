/**
 * Another space on this instance (an affiliate or a hub), made by an operator, or by anyone
 * signed in when the operators allow it; its maker becomes its owner.
 */
import { type Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import { z } from "zod";
import { HandleSchema } from "../../server/handles/handles.ts";
import { LanguageTagSchema } from "../../server/i18n/languages.ts";
import { instancePolicy } from "../../server/instance/policy.ts";
import { mayOnInstance } from "../../server/people/instance-roles.ts";
import { handleFromName } from "../../server/setup/setup.ts";
import { foundSpace } from "../../server/spaces/founding.ts";
import { NewSpaceInput } from "../../server/spaces/spaces.ts";
import { because } from "../../server/validation.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, type PageContext } from "../views/layout.tsx";

const NewSpaceForm = z.object({
  name: z.string().trim().min(1, because("space-name-required")).max(200),
  handle: HandleSchema.optional(),
  kind: z.enum(["affiliate", "hub"]).default("affiliate"),
  focus: z.enum(["none", "regional", "language", "thematic"]).default("none"),
  language: LanguageTagSchema.default("en"),
});

type Values = Record<string, string>;

export function newSpaceRoutes() {
  const app = new Hono<WebEnv>();

  const allowed = async (c: Context<WebEnv>) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/spaces/new", 303);
    if (
      mayOnInstance(person, "administer") ||
      (await instancePolicy(c.get("deps").db)).peopleCreateSpaces
    )
      return person;
    return errorResponse(c, 403, "new-space.not-allowed");
  };

  app.get("/spaces/new", async (c) => {
    const person = await allowed(c);
    if (person instanceof Response) return person;
    return c.html(<NewSpacePage page={pageContext(c)} values={{ language: c.get("t").lang }} />);
  });

  app.post("/spaces/new", async (c) => {
    const person = await allowed(c);
    if (person instanceof Response) return person;
    const form = await formFields(c);
    const page = pageContext(c);
    const parsed = NewSpaceForm.safeParse(form);
    if (!parsed.success)
      return c.html(
        <NewSpacePage page={page} values={form} errors={fieldErrors(c, parsed.error)} />,
        400,
      );
    const { name, kind, focus, language } = parsed.data;
    const input = NewSpaceInput.safeParse({
      handle: parsed.data.handle ?? handleFromName(name),
      kind,
      focus: kind === "hub" && focus !== "none" ? focus : undefined,
      defaultLanguage: language,
      name: { [language]: name },
      languages: [language],
    });
    if (!input.success)
      return c.html(
        <NewSpacePage page={page} values={form} errors={fieldErrors(c, input.error)} />,
        400,
      );
    const result = await foundSpace(c.get("deps").db, input.data, person.handle);
    if (!result.ok) {
      const errors = { handle: page.t("setup.space-handle-taken") };
      return c.html(<NewSpacePage page={page} values={form} errors={errors} />, 409);
    }
    return redirectWith(c, `/@${result.space.handle}/settings`, "space-created");
  });
  return app;
}

const NewSpacePage: FC<{ page: PageContext; values: Values; errors?: Values }> = ({
  page,
  values,
  errors = {},
}) => {
  const { t } = page;
  return (
    <Layout title={t("new-space.title")} page={page}>
      <h1>{t("new-space.title")}</h1>
      <p>{t("new-space.intro")}</p>
      <form method="post" action="/spaces/new" class="card">
        <CsrfField token={page.csrfToken} />
        <Field name="name" label={t("setup.space-name")} value={values.name} error={errors.name} />
        <Field
          name="handle"
          label={t("setup.space-handle")}
          value={values.handle}
          error={errors.handle}
          required={false}
          hint={t("setup.space-handle-hint", { host: page.host })}
        />
        <p class="field">
          <label for="kind">{t("setup.space-kind")}</label>
          <select id="kind" name="kind">
            <option value="affiliate" selected={values.kind !== "hub"}>
              {t("setup.kind-affiliate")}
            </option>
            <option value="hub" selected={values.kind === "hub"}>
              {t("setup.kind-hub")}
            </option>
          </select>
        </p>
        <p class="field">
          <label for="focus">{t("new-space.focus")}</label>
          <select id="focus" name="focus" aria-describedby="focus-note">
            {(["none", "regional", "language", "thematic"] as const).map((focus) => (
              <option value={focus} selected={(values.focus ?? "none") === focus}>
                {t("space.kind", { kind: "hub", focus })}
              </option>
            ))}
          </select>
          <small id="focus-note" class="hint">
            {t("new-space.focus-hint")}
          </small>
        </p>
        <Field
          name="language"
          label={t("setup.language")}
          value={values.language}
          error={errors.language}
          hint={t("setup.language-hint")}
        />
        <button type="submit">{t("new-space.submit")}</button>
      </form>
    </Layout>
  );
};
