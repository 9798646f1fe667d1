import { Hono } from "hono";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { isSetUp } from "../../server/setup/setup.ts";
import { listSpaces } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page.ts";
import { Layout, Notice } from "../views/layout.tsx";

export function homeRoutes() {
  const app = new Hono<WebEnv>();
  app.get("/", async (c) => {
    const { db } = c.get("deps");
    const page = pageContext(c);
    if (!(await isSetUp(db))) {
      return c.html(
        <Layout title="Welcome" page={page}>
          <h1>Welcome to Hubnet</h1>
          <p>This instance is not set up yet.</p>
          <Notice kind="info">
            <p>
              To set it up, open the <strong>setup link</strong> that the server printed in its log
              when it started (it looks like{" "}
              <code>{`${c.get("deps").config.ORIGIN}/setup?token=…`}</code>
              ). Only someone who can read that log can claim this instance.
            </p>
            <p>
              Without a browser, run <code>npm run hubnet -- setup --help</code> on the server.
            </p>
          </Notice>
        </Layout>,
      );
    }
    const spaces = await listSpaces(db);
    const languages = c.get("languages");
    return c.html(
      <Layout title="Spaces" page={page}>
        <h1>Spaces on {page.host}</h1>
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
                <span class="muted">
                  {space.kind === "hub" ? `${space.focus ?? ""} hub` : "affiliate"}
                </span>
              </li>
            );
          })}
        </ul>
      </Layout>,
    );
  });
  return app;
}
