import { Hono } from "hono";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { followersOf, followingOf } from "../../server/follows/follows.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page.ts";
import { pageCursor } from "../security/input.ts";
import { errorResponse } from "../views/error-page.tsx";
import { Layout } from "../views/layout.tsx";

/**
 * The HTML side of the followers, following and outbox collections: Fedify answers
 * ActivityStreams requests for them; browsers get these pages.
 */
export function collectionRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/:name{@[a-z0-9_]{1,30}}/outbox", (c) => c.redirect(`/${c.req.param("name")}`, 302));

  for (const side of ["followers", "following"] as const) {
    app.get(`/:name{@[a-z0-9_]{1,30}}/${side}`, async (c) => {
      const handle = c.req.param("name").slice(1);
      const { db, config } = c.get("deps");
      if (
        (await findSpaceByHandle(db, handle)) == null &&
        (await findPersonByHandle(db, handle)) == null
      ) {
        return errorResponse(c, 404, "error.not-found");
      }
      const iri = localActorIri(config.ORIGIN, handle);
      const page = await (side === "followers" ? followersOf : followingOf)(db, iri, pageCursor(c));
      const iris = page.items.map((row) =>
        side === "followers" ? row.followerIri : row.followeeIri,
      );
      const cards = await actorCards(db, config.ORIGIN, iris);
      const view = pageContext(c);
      const title = view.t("collections.title", { side, handle });
      return c.html(
        <Layout title={title} page={view}>
          <h1>{title}</h1>
          {iris.length === 0 ? <p class="muted">{view.t("collections.empty")}</p> : null}
          <ul class="spaces">
            {iris.map((actorIri) => {
              const card = cards.get(actorIri);
              return (
                <li>
                  <a href={card?.url} dir="auto">
                    {card?.name}
                  </a>{" "}
                  <span class="handle">{card?.handle}</span>
                </li>
              );
            })}
          </ul>
          {page.next ? (
            <a href={`?before=${encodeURIComponent(page.next)}`}>{view.t("list.more")}</a>
          ) : null}
        </Layout>,
      );
    });
  }
  return app;
}
