import { Hono } from "hono";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { findPersonByHandle, rolesOf } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page.ts";
import { Layout } from "../views/layout.tsx";

/**
 * The HTML side of actor URLs: Fedify answers ActivityStreams requests for `/@handle` and hands
 * browsers on to these pages.
 */
export function actorRoutes() {
  const app = new Hono<WebEnv>();
  app.get("/:name{@[a-z0-9_]{1,30}}", async (c) => {
    const handle = c.req.param("name").slice(1);
    const { db } = c.get("deps");
    const page = pageContext(c);
    const languages = c.get("languages");
    const space = await findSpaceByHandle(db, handle);
    if (space != null) {
      const name = pickLanguage(space.name, languages, space.defaultLanguage);
      const summary = pickLanguage(space.summary, languages, space.defaultLanguage);
      return c.html(
        <Layout title={name?.text ?? handle} page={page}>
          <h1 lang={name?.language} dir="auto">
            {name?.text ?? handle}
          </h1>
          {name?.isFallback ? (
            <p class="fallback">Not available in your language; shown in {name.language}.</p>
          ) : null}
          <p>
            <span class="handle">
              @{space.handle}@{page.host}
            </span>{" "}
            <span class="muted">
              {space.kind === "hub" ? `${space.focus ?? ""} hub` : "affiliate"}
            </span>
          </p>
          {summary ? (
            <p lang={summary.language} dir="auto">
              {summary.text}
            </p>
          ) : null}
          <dl class="facts">
            {space.regions.length > 0
              ? [<dt>Regions</dt>, <dd>{space.regions.join(", ")}</dd>]
              : null}
            {space.languages.length > 0
              ? [<dt>Languages</dt>, <dd>{space.languages.join(", ")}</dd>]
              : null}
            {space.themes.length > 0 ? [<dt>Themes</dt>, <dd>{space.themes.join(", ")}</dd>] : null}
            {space.website
              ? [
                  <dt>Website</dt>,
                  <dd>
                    <a href={space.website} rel="nofollow noopener">
                      {space.website}
                    </a>
                  </dd>,
                ]
              : null}
          </dl>
          <section class="card">
            <h2>Follow</h2>
            <p>
              From Mastodon or any fediverse app, search for{" "}
              <span class="handle">
                @{space.handle}@{page.host}
              </span>{" "}
              and follow it.
            </p>
          </section>
        </Layout>,
      );
    }
    const person = await findPersonByHandle(db, handle);
    if (person == null) return c.notFound();
    const roles = await rolesOf(db, person.id);
    return c.html(
      <Layout title={person.displayName} page={page}>
        <h1 dir="auto">{person.displayName}</h1>
        <p>
          <span class="handle">
            @{person.handle}@{page.host}
          </span>
        </p>
        {roles.length > 0 ? (
          <section class="card">
            <h2>Spaces</h2>
            <ul>
              {roles.map(({ space, role }) => (
                <li>
                  <a href={`/@${space.handle}`} dir="auto">
                    {pickLanguage(space.name, languages, space.defaultLanguage)?.text ??
                      space.handle}
                  </a>{" "}
                  <span class="muted">{role}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </Layout>,
    );
  });
  return app;
}
