import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { answerFollowRequest, follow, unfollow } from "../../../federation/actions/follow.ts";
import { actorCards } from "../../../server/actors/actor-cards.ts";
import { localActorIri } from "../../../server/actors/local-iris.ts";
import { followersOf, followingOf, pendingFollowersOf } from "../../../server/follows/follows.ts";
import { federationContext } from "../../federation-context.ts";
import { pageCursor } from "../../security/input.ts";
import { actingAs, localActor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { ActorOut, Cursor, pageOf, toActorOut } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

const Actor = z.object({
  handle: z.string().openapi({ description: "A local space or person", example: "kenya" }),
});
const ActorPage = pageOf(ActorOut, "ActorPage");

export function registerFollowRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "post",
      path: "/actors/{handle}/following",
      tags: ["Follows"],
      summary: "Follow a space or person here or on any server, by @user@host or URL",
      request: { params: Actor, ...body(z.object({ target: z.string().min(3).max(500) })) },
      responses: {
        200: json(
          z.object({ target: z.string(), state: z.enum(["pending", "accepted"]) }),
          "Following, or asked to",
        ),
        ...errorResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      await actingAs(c, handle, "manage-follows");
      const result = await follow(federationContext(c), handle, c.req.valid("json").target);
      if (!result.ok) {
        const refusals = {
          self: [422, "api.follow-self"],
          "not-found": [404, "api.nobody-there"],
          "private-address": [422, "api.private-address"],
        } as const;
        const [status, key] = refusals[result.reason];
        fail(status, key);
      }
      return c.json({ target: result.targetIri, state: result.state }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/actors/{handle}/following",
      tags: ["Follows"],
      summary: "Stop following an actor (by its IRI)",
      request: { params: Actor, query: z.object({ target: z.url() }) },
      responses: {
        204: { description: "No longer following" },
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      await actingAs(c, handle, "manage-follows");
      if (!(await unfollow(federationContext(c), handle, c.req.valid("query").target)))
        fail(404, "api.not-following");
      return c.body(null, 204);
    },
  );

  for (const side of ["followers", "following"] as const) {
    api.openapi(
      createRoute({
        method: "get",
        path: `/actors/{handle}/${side}`,
        tags: ["Follows"],
        summary: side === "followers" ? "Who follows an actor" : "Whom an actor follows",
        request: { params: Actor, query: Cursor },
        responses: { 200: json(ActorPage, "A page of actors"), ...errorResponses(404) },
      }),
      async (c) => {
        const { handle } = c.req.valid("param");
        await localActor(c, handle);
        const { db, config } = c.get("deps");
        const iri = localActorIri(config.ORIGIN, handle);
        const page = await (side === "followers" ? followersOf : followingOf)(
          db,
          iri,
          pageCursor(c),
        );
        const iris = page.items.map((r) => (side === "followers" ? r.followerIri : r.followeeIri));
        const cards = await actorCards(db, config.ORIGIN, iris);
        return c.json(
          {
            items: iris.flatMap((i) => cards.get(i) ?? []).map(toActorOut),
            next: page.next ?? null,
          },
          200,
        );
      },
    );
  }

  api.openapi(
    createRoute({
      method: "get",
      path: "/actors/{handle}/follow-requests",
      tags: ["Follows"],
      summary: "Follow requests waiting for an answer (spaces that approve followers by hand)",
      request: { params: Actor, query: Cursor },
      responses: { 200: json(ActorPage, "Requesters"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      await actingAs(c, handle, "manage-follows");
      const { db, config } = c.get("deps");
      const page = await pendingFollowersOf(
        db,
        localActorIri(config.ORIGIN, handle),
        pageCursor(c),
      );
      const cards = await actorCards(
        db,
        config.ORIGIN,
        page.items.map((r) => r.followerIri),
      );
      const items = page.items.flatMap((r) => cards.get(r.followerIri) ?? []).map(toActorOut);
      return c.json({ items, next: page.next ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/actors/{handle}/follow-requests",
      tags: ["Follows"],
      summary: "Approve or decline a follow request",
      request: {
        params: Actor,
        ...body(z.object({ follower: z.url(), answer: z.enum(["accept", "reject"]) })),
      },
      responses: { 204: { description: "Answered" }, ...errorResponses(400, 401, 403, 404, 429) },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      await actingAs(c, handle, "manage-follows");
      const { follower, answer } = c.req.valid("json");
      if (!(await answerFollowRequest(federationContext(c), handle, follower, answer))) {
        fail(404, "follows.requests.gone");
      }
      return c.body(null, 204);
    },
  );
}
