import { Hono } from "hono";
import { answerFollowRequest, follow, unfollow } from "../../federation/actions/follow.ts";
import { sendProfileUpdate } from "../../federation/deliver.ts";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { pendingFollowersOf } from "../../server/follows/follows.ts";
import { setManualApproval } from "../../server/spaces/spaces.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { backTo, formFields, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout, Notice } from "../views/layout.tsx";

export function followRoutes() {
  const app = new Hono<WebEnv>();

  app.post("/follow", async (c) => {
    const form = await formFields(c);
    const actor = await requireActor(c, form.as, "manage-follows");
    if (actor instanceof Response) return actor;
    const target = (form.target ?? "").trim();
    if (target === "" || target.length > 500) return errorResponse(c, 400, "follows.enter-handle");
    const result = await follow(federationContext(c), actor.handle, target);
    if (!result.ok) {
      const refusals = {
        self: [400, "follows.self"],
        "not-found": [404, "follows.nobody"],
        "private-address": [422, "follows.private-address"],
      } as const;
      const [status, key] = refusals[result.reason];
      return errorResponse(c, status, key, { target });
    }
    const said = result.state === "accepted" ? "followed" : "follow-requested";
    return redirectWith(c, backTo(c, "/home"), said);
  });

  app.post("/unfollow", async (c) => {
    const form = await formFields(c);
    const actor = await requireActor(c, form.as, "manage-follows");
    if (actor instanceof Response) return actor;
    await unfollow(federationContext(c), actor.handle, form.target ?? "");
    return redirectWith(c, backTo(c, "/home"), "unfollowed");
  });

  app.get("/:name{@[a-z0-9_]{1,30}}/followers/requests", async (c) => {
    const actor = await requireActor(c, c.req.param("name").slice(1), "manage-follows");
    if (actor instanceof Response) return actor;
    const { db, config } = c.get("deps");
    const pending = await pendingFollowersOf(db, localActorIri(config.ORIGIN, actor.handle));
    const cards = await actorCards(
      db,
      config.ORIGIN,
      pending.items.map((p) => p.followerIri),
    );
    const page = pageContext(c);
    const { t } = page;
    return c.html(
      <Layout title={t("follows.requests.title")} page={page}>
        <h1>{t("follows.requests.heading", { handle: actor.handle })}</h1>
        {pending.items.length === 0 ? (
          <Notice kind="info">{t("follows.requests.none")}</Notice>
        ) : null}
        <ul class="spaces">
          {pending.items.map((request) => {
            const card = cards.get(request.followerIri);
            return (
              <li>
                <a href={card?.url}>{card?.name}</a> <span class="handle">{card?.handle}</span>{" "}
                {(["accept", "reject"] as const).map((answer) => (
                  <form method="post" action={c.req.path} class="inline">
                    <CsrfField token={page.csrfToken} />
                    <input type="hidden" name="follower" value={request.followerIri} />
                    <input type="hidden" name="answer" value={answer} />
                    <button type="submit" class="small">
                      {t("follows.requests.answer", { answer })}
                    </button>
                  </form>
                ))}
              </li>
            );
          })}
        </ul>
      </Layout>,
    );
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/followers/requests", async (c) => {
    const actor = await requireActor(c, c.req.param("name").slice(1), "manage-follows");
    if (actor instanceof Response) return actor;
    const form = await formFields(c);
    const answer = form.answer === "accept" || form.answer === "reject" ? form.answer : undefined;
    if (answer == null || !form.follower) return errorResponse(c, 400, "follows.requests.choose");
    const done = await answerFollowRequest(
      federationContext(c),
      actor.handle,
      form.follower,
      answer,
    );
    if (!done) return errorResponse(c, 404, "follows.requests.gone");
    return redirectWith(c, c.req.path, "request-answered");
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/settings/approval", async (c) => {
    const actor = await requireActor(c, c.req.param("name").slice(1), "manage-follows");
    if (actor instanceof Response) return actor;
    const form = await formFields(c);
    await setManualApproval(c.get("deps").db, actor.handle, form.manual === "on");
    await sendProfileUpdate(federationContext(c), actor.handle);
    return redirectWith(c, backTo(c, `/@${actor.handle}`), "saved");
  });
  return app;
}
