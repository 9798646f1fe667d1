/** The directory of spaces met, filtered, and the same on a world map. */
import { type Context, Hono } from "hono";
import { addToDirectory } from "../../federation/directory/refresh.ts";
import {
  DirectoryFilters,
  everyDirectoryEntry,
  listDirectory,
} from "../../server/directory/directory.ts";
import { countryOf, type MapCountry, WorldMap } from "../charts/world-map.tsx";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { formFields, pageContext } from "../page.ts";
import { pageCursor } from "../security/input.ts";
import { DirectoryEntryItem } from "../views/directory-entry.tsx";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";
import { spaceKindOf } from "../views/space.tsx";

const FILTERS = ["kind", "focus", "region", "language", "theme"] as const;

/** The filters of the query string; a value that does not hold up is a 400. */
function filtersOf(c: Context<WebEnv>) {
  const given = Object.fromEntries(
    FILTERS.flatMap((name) => {
      const value = c.req.query(name);
      return value ? [[name, value]] : [];
    }),
  );
  return DirectoryFilters.safeParse(given);
}

export function directoryRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/directory", async (c) => {
    const filters = filtersOf(c);
    if (!filters.success) return errorResponse(c, 400, "directory.bad-filter");
    const page = pageContext(c);
    const { t } = page;
    const list = await listDirectory(c.get("deps").db, filters.data, pageCursor(c));
    const f = filters.data;
    const query = new URLSearchParams(
      Object.entries(f).filter(([, v]) => v != null) as [string, string][],
    );
    const select = (
      name: "kind" | "focus",
      options: readonly string[],
      label: (v: string) => string,
    ) => (
      <label>
        {t(`directory.filter.${name}`)}{" "}
        <select name={name}>
          <option value="">{t("directory.any")}</option>
          {options.map((value) => (
            <option value={value} selected={f[name] === value}>
              {label(value)}
            </option>
          ))}
        </select>
      </label>
    );
    return c.html(
      <Layout title={t("directory.title")} page={page}>
        <h1>{t("directory.title")}</h1>
        <p>
          {t("directory.intro")} <a href="/map">{t("map.title")}</a>
        </p>
        <form method="get" action="/directory" class="filters">
          {select("kind", ["affiliate", "hub"], (kind) =>
            spaceKindOf(t, { kind: kind as "hub", focus: null }),
          )}{" "}
          {select("focus", ["regional", "language", "thematic"], (focus) =>
            spaceKindOf(t, { kind: "hub", focus: focus as "regional" }),
          )}{" "}
          {(["region", "language", "theme"] as const).map((name) => (
            <label>
              {t(`directory.filter.${name}`)}{" "}
              <input name={name} value={f[name] ?? ""} size={8} maxlength={60} />{" "}
            </label>
          ))}
          <button type="submit" class="small">
            {t("directory.filter")}
          </button>
        </form>
        {list.items.length === 0 ? <p class="muted">{t("directory.empty")}</p> : null}
        <ul class="spaces directory">
          {list.items.map((entry) => (
            <DirectoryEntryItem t={t} entry={entry} languages={c.get("languages")} />
          ))}
        </ul>
        {list.next ? (
          <a
            href={`?${query.toString()}${query.size > 0 ? "&" : ""}before=${encodeURIComponent(list.next)}`}
          >
            {t("list.more")}
          </a>
        ) : null}
        {page.person?.isOperator ? (
          <form method="post" action="/directory" class="card">
            <CsrfField token={page.csrfToken} />
            <label>
              {t("directory.add")}{" "}
              <input name="target" required maxlength={500} placeholder="@space@example.org" />
            </label>{" "}
            <button type="submit" class="small">
              {t("directory.add-button")}
            </button>
          </form>
        ) : null}
      </Layout>,
    );
  });

  app.post("/directory", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/directory", 303);
    if (!person.isOperator) return errorResponse(c, 403, "api.operators-only");
    const target = ((await formFields(c)).target ?? "").trim();
    if (target === "" || target.length > 500) return errorResponse(c, 400, "api.nobody-there");
    const result = await addToDirectory(federationContext(c), target);
    if (!result.ok)
      return result.reason === "not-a-space"
        ? errorResponse(c, 422, "api.not-a-group")
        : errorResponse(c, 404, "api.nobody-there");
    return c.redirect("/directory", 303);
  });

  app.get("/map", async (c) => {
    const filters = filtersOf(c);
    if (!filters.success) return errorResponse(c, 400, "directory.bad-filter");
    const page = pageContext(c);
    const { t } = page;
    const entries = await everyDirectoryEntry(c.get("deps").db, filters.data);
    const counts = new Map<string, number>();
    for (const entry of entries)
      for (const country of new Set(entry.regions.map(countryOf)))
        counts.set(country, (counts.get(country) ?? 0) + 1);
    const byCountry = new Map<string, MapCountry>(
      [...counts].map(([code, count]) => [
        code,
        {
          count,
          href: `/directory?region=${code}`,
          label: t("map.country", { country: t.regionName(code), count }),
        },
      ]),
    );
    const listed = [...byCountry].sort(
      ([, a], [, b]) => b.count - a.count || a.label.localeCompare(b.label),
    );
    return c.html(
      <Layout title={t("map.title")} page={page}>
        <h1>{t("map.title")}</h1>
        <p>
          {t("map.intro")} <a href="/directory">{t("directory.title")}</a>
        </p>
        <div class="map-and-list">
          <figure class="map">
            <WorldMap title={t("map.title")} byCountry={byCountry} />
          </figure>
          <section aria-labelledby="countries">
            <h2 id="countries">{t("map.list")}</h2>
            {listed.length === 0 ? <p class="muted">{t("map.empty")}</p> : null}
            <ul>
              {listed.map(([, country]) => (
                <li>
                  <a href={country.href}>{country.label}</a>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </Layout>,
    );
  });
  return app;
}
