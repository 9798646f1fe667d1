import { Hono } from "hono";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { isSetUp } from "../../server/setup/setup.ts";
import { listSpaces } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page.ts";
import { Layout, Notice } from "../views/layout.tsx";
import { spaceKindOf } from "../views/space.tsx";

export function homeRoutes() {
  const app = new Hono<WebEnv>();
  app.get("/", async (c) => {
    const { db } = c.get("deps");
    const page = pageContext(c);
    const { t } = page;
    if (!(await isSetUp(db))) {
      return c.html(
        <Layout title={t("home.welcome.title")} page={page}>
          <h1>{t("home.welcome.heading")}</h1>
          <p>{t("home.welcome.not-set-up")}</p>
          <Notice kind="info">
            <p>
              {t.rich("home.welcome.setup-link", {
                strong: (parts) => <strong>{parts}</strong>,
                example: <code>{`${c.get("deps").config.ORIGIN}/setup?token=…`}</code>,
              })}
            </p>
            <p>
              {t.rich("home.welcome.without-browser", {
                command: <code>npm run hubnet -- setup --help</code>,
              })}
            </p>
          </Notice>
        </Layout>,
      );
    }
    const spaces = await listSpaces(db);
    const languages = c.get("languages");
    return c.html(
      <Layout title={t("home.spaces.title")} page={page}>
        <h1>{t("home.spaces.heading", { host: page.host })}</h1>
        <ul class="spaces">
          {spaces.map((space) => {
            const name = pickLanguage(space.name, languages, space.defaultLanguage);
            return (
              <li>
                <a href={`/@${space.handle}`} lang={name?.language} dir="auto">
                  {name?.text ?? space.handle}
                </a>{" "}
                <span class="handle">
                  @{space.handle}@{page.host}
                </span>{" "}
                <span class="muted">{spaceKindOf(t, space)}</span>
              </li>
            );
          })}
        </ul>
      </Layout>,
    );
  });
  return app;
}
