/**
 * Following from another server: a visitor gives their own account (`@you@their.server`), this
 * instance asks that server's WebFinger for its follow page (the OStatus subscribe template that
 * Mastodon, Misskey and others publish), and the visitor continues there. The last step is a
 * link the visitor follows, not a redirect: the page's policy keeps forms on this site.
 */
import { Hono } from "hono";
import { fetchPolicy } from "../../federation/document-loaders.ts";
import { ForbiddenUrlError } from "../../federation/remote-fetch.ts";
import { followPageOf } from "../../federation/webfinger-lookup.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { formFields, pageContext } from "../page.ts";
import { errorResponse } from "../views/error-page.tsx";
import { Layout } from "../views/layout.tsx";

const ACCOUNT = /^@?([^@\s/]{1,100})@([a-z0-9.-]{1,253}(?::\d{1,5})?)$/i;

export function remoteFollowRoutes() {
  const app = new Hono<WebEnv>();

  app.post("/:name{@[a-z0-9_]{1,30}}/remote-follow", async (c) => {
    const { db, config } = c.get("deps");
    const handle = c.req.param("name").slice(1);
    if (
      (await findSpaceByHandle(db, handle)) == null &&
      (await findPersonByHandle(db, handle)) == null
    )
      return errorResponse(c, 404, "error.not-found");
    const form = await formFields(c);
    const account = (form.account ?? "").trim().match(ACCOUNT);
    if (account == null) return errorResponse(c, 400, "follow.bad-account");
    const [, user = "", host = ""] = account;
    let template: string | undefined;
    try {
      template = await followPageOf(`@${user}@${host}`, fetchPolicy(c.get("deps")));
    } catch (error) {
      // The one address rule of every remote fetch: no private or loopback address.
      if (error instanceof ForbiddenUrlError)
        return errorResponse(c, 422, "follows.private-address", { target: host });
    }
    const target = localActorIri(config.ORIGIN, handle);
    const uri = `${handle}@${new URL(config.ORIGIN).host}`;
    const next = template?.replace("{uri}", encodeURIComponent(uri));
    if (next == null) return errorResponse(c, 422, "follow.no-follow-page", { host });
    const page = pageContext(c);
    const { t } = page;
    return c.html(
      <Layout title={t("follow.continue-title")} page={page}>
        <h1>{t("follow.continue-title")}</h1>
        <p>{t("follow.continue-body", { host })}</p>
        <p>
          <a class="button" href={next} rel="noopener noreferrer" data-target={target}>
            {t("follow.continue", { host })}
          </a>
        </p>
      </Layout>,
    );
  });
  return app;
}
