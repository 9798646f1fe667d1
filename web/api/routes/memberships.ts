/** Spaces joining hubs and hubs answering them, with the same role checks as the web. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Membership } from "../../../db/schema.ts";
import {
  answerJoinRequest,
  joinHub,
  leaveHub,
  removeMember,
} from "../../../federation/actions/membership.ts";
import { actorCards } from "../../../server/actors/actor-cards.ts";
import { localActorIri } from "../../../server/actors/local-iris.ts";
import { hubsOf, membersOf } from "../../../server/membership/lists.ts";
import { setSuspended } from "../../../server/membership/memberships.ts";
import type { Page } from "../../../server/paging/keyset.ts";
import { mayActAs } from "../../../server/spaces/permissions.ts";
import { federationContext } from "../../federation-context.ts";
import { pageCursor } from "../../security/input.ts";
import { actingAs, localActor } from "../acting.ts";
import { requireCaller } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { MembershipOut, toMembershipOut } from "../network-schemas.ts";
import { Cursor, pageOf } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

const Space = z.object({ handle: z.string().openapi({ example: "africa_hub" }) });
const State = Cursor.extend({
  state: z.enum(["accepted", "pending"]).default("accepted").openapi({
    description: "pending: requests waiting for an answer (the space's owners and admins only)",
  }),
});
const MembershipPage = pageOf(MembershipOut, "MembershipPage");
const ACT = "manage-space" as const;

/** Why a membership action was refused, as the API says it. */
const STATUS = {
  "not-a-space": 422,
  "not-found": 404,
  "not-a-hub": 422,
  self: 422,
  "not-pending": 409,
  "not-accepted": 409,
} as const;

const refuse = (reason: keyof typeof STATUS): never =>
  fail(STATUS[reason], "api.membership-refused", { reason: reason.replaceAll("-", "_") });

async function pageOut(c: Context<ApiEnv>, page: Page<Membership>) {
  const { db, config } = c.get("deps");
  const iris = page.items.flatMap((m) => [m.memberIri, m.hubIri]);
  const cards = await actorCards(db, config.ORIGIN, iris);
  return { items: page.items.map((m) => toMembershipOut(m, cards)), next: page.next ?? null };
}

/** Pending requests are for those who may act for the space; accepted memberships are public. */
async function mayReadPending(c: Context<ApiEnv>, handle: string, state: string) {
  if (state !== "pending") return;
  const caller = requireCaller(c, "read");
  if (!(await mayActAs(c.get("deps").db, caller.person, handle, ACT)))
    fail(403, "api.requests-private", { handle });
}

export function registerMembershipRoutes(api: OpenAPIHono<ApiEnv>) {
  for (const side of ["members", "hubs"] as const) {
    api.openapi(
      createRoute({
        method: "get",
        path: `/actors/{handle}/${side}`,
        tags: ["Hubs"],
        summary:
          side === "members"
            ? "A hub's member spaces, or the requests to join it"
            : "The hubs a space belongs to, or has asked to join",
        request: { params: Space, query: State },
        responses: { 200: json(MembershipPage, "A page"), ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => {
        const { handle } = c.req.valid("param");
        const { state } = c.req.valid("query");
        await localActor(c, handle);
        await mayReadPending(c, handle, state);
        const { db, config } = c.get("deps");
        const iri = localActorIri(config.ORIGIN, handle);
        const list = side === "members" ? membersOf : hubsOf;
        return c.json(await pageOut(c, await list(db, iri, state, pageCursor(c))), 200);
      },
    );
  }

  api.openapi(
    createRoute({
      method: "post",
      path: "/actors/{handle}/hubs",
      tags: ["Hubs"],
      summary: "Ask to join a hub here or on any server, by @hub@host or URL (owners and admins)",
      request: { params: Space, ...body(z.object({ hub: z.string().min(3).max(500) })) },
      responses: {
        200: json(MembershipOut, "Asked, or accepted at once"),
        ...errorResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      const caller = await actingAs(c, handle, ACT);
      const by = localActorIri(c.get("deps").config.ORIGIN, caller.person.handle);
      const result = await joinHub(federationContext(c), handle, c.req.valid("json").hub, by);
      if (!result.ok) return refuse(result.reason);
      return c.json(
        (await pageOut(c, { items: [result.membership], next: undefined })).items[0],
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/actors/{handle}/hubs",
      tags: ["Hubs"],
      summary: "Withdraw a request to join a hub, or leave it (owners and admins)",
      request: { params: Space, query: z.object({ hub: z.url() }) },
      responses: {
        200: json(z.object({ change: z.enum(["withdrawn", "left"]) }), "Done"),
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      const caller = await actingAs(c, handle, ACT);
      const by = localActorIri(c.get("deps").config.ORIGIN, caller.person.handle);
      const result = await leaveHub(federationContext(c), handle, c.req.valid("query").hub, by);
      if (!result.ok) return refuse(result.reason);
      return c.json({ change: result.change }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/actors/{handle}/members",
      tags: ["Hubs"],
      summary: "Accept or reject a request to join the hub (its owners and admins)",
      request: {
        params: Space,
        ...body(z.object({ member: z.url(), answer: z.enum(["accept", "reject"]) })),
      },
      responses: { 204: { description: "Answered" }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      const caller = await actingAs(c, handle, ACT);
      const { member, answer } = c.req.valid("json");
      const by = localActorIri(c.get("deps").config.ORIGIN, caller.person.handle);
      const result = await answerJoinRequest(federationContext(c), handle, member, answer, by);
      if (!result.ok) return refuse(result.reason);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/actors/{handle}/members",
      tags: ["Hubs"],
      summary: "Suspend a member (the hub stops relaying it) or reinstate it",
      request: {
        params: Space,
        ...body(z.object({ member: z.url(), suspended: z.boolean() })),
      },
      responses: { 204: { description: "Changed" }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      const caller = await actingAs(c, handle, ACT);
      const { member, suspended } = c.req.valid("json");
      const { db, config } = c.get("deps");
      const hubIri = localActorIri(config.ORIGIN, handle);
      const by = localActorIri(config.ORIGIN, caller.person.handle);
      const result = await setSuspended(db, member, hubIri, suspended, by);
      if (!result.ok) return refuse(result.reason);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/actors/{handle}/members",
      tags: ["Hubs"],
      summary: "Remove a member space from the hub (its owners and admins)",
      request: { params: Space, query: z.object({ member: z.url() }) },
      responses: { 204: { description: "Removed" }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      const caller = await actingAs(c, handle, ACT);
      const by = localActorIri(c.get("deps").config.ORIGIN, caller.person.handle);
      const { member } = c.req.valid("query");
      const result = await removeMember(federationContext(c), handle, member, by);
      if (!result.ok) return refuse(result.reason);
      return c.body(null, 204);
    },
  );
}
