/**
 * Following from another server: a visitor gives their own account (`@you@their.server`), this
 * instance asks that server's WebFinger for its follow page (the OStatus subscribe template that
 * Mastodon, Misskey and others publish), and the visitor continues there. The last step is a
 * link the visitor follows, not a redirect: the page's policy keeps forms on this site.
 */
import { Hono } from "hono";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { isPrivateName } from "../../server/config.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { formFields, pageContext } from "../page.ts";
import { errorResponse } from "../views/error-page.tsx";
import { Layout } from "../views/layout.tsx";

const SUBSCRIBE = "http://ostatus.org/schema/1.0/subscribe";
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
    if (!c.get("deps").allowPrivateAddress && isPrivateName(host.replace(/:\d+$/, "")))
      return errorResponse(c, 422, "follows.private-address", { target: host });
    const ctx = federationContext(c);
    const found = await ctx.lookupWebFinger(`acct:${user}@${host}`).catch(() => null);
    const template = found?.links?.find((link) => link.rel === SUBSCRIBE)?.template;
    const target = localActorIri(config.ORIGIN, handle);
    const uri = `${handle}@${new URL(config.ORIGIN).host}`;
    const next = template?.includes("{uri}")
      ? template.replace("{uri}", encodeURIComponent(uri))
      : undefined;
    // Only a web address may be offered as the next step, never a javascript: or data: one.
    if (next == null || !/^https?:\/\//.test(next))
      return errorResponse(c, 422, "follow.no-follow-page", { host });
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
