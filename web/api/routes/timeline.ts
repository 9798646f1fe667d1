import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { actorCards } from "../../../server/actors/actor-cards.ts";
import { localActorIri } from "../../../server/actors/local-iris.ts";
import {
  listNotifications,
  markNotificationsRead,
} from "../../../server/notifications/notifications.ts";
import { homeTimeline } from "../../../server/posts/lists.ts";
import { identitiesOf } from "../../identities.ts";
import { pageCursor } from "../../security/input.ts";

import { actingAs, readingAs } from "../acting.ts";
import { requireCaller } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses } from "../errors.ts";
import { Cursor, NotificationOut, PostOut, pageOf, toNotificationOut } from "../schemas.ts";
import { json } from "./openapi-helpers.ts";
import { postsOut } from "./posts.ts";

const As = z.object({
  as: z.string().optional().openapi({ description: "A space you manage (default: yourself)" }),
});

export function registerTimelineRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/timeline",
      tags: ["Timeline"],
      summary: "Your home: your posts, those of whom you follow, and those that mention you",
      request: { query: Cursor },
      responses: {
        200: json(pageOf(PostOut, "PostPage"), "A page of posts"),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const caller = requireCaller(c, "read");
      const { db, config } = c.get("deps");
      const spaces = await identitiesOf(db, caller.person);
      const page = await homeTimeline(
        db,
        localActorIri(config.ORIGIN, caller.person.handle),
        pageCursor(c),
        20,
        spaces.map((s) => localActorIri(config.ORIGIN, s.handle)),
      );
      return c.json({ items: await postsOut(c, page.items), next: page.next ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/notifications",
      tags: ["Notifications"],
      summary:
        "Follows, requests, replies, mentions, likes and boosts that concern you or a space you manage",
      request: {
        query: Cursor.extend(As.shape).extend({ unread: z.enum(["true", "false"]).optional() }),
      },
      responses: {
        200: json(pageOf(NotificationOut, "NotificationPage"), "A page of notifications"),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { as, unread } = c.req.valid("query");
      requireCaller(c, "read");
      const handle = (await readingAs(c, as, "manage-follows")) as string;
      const { db, config } = c.get("deps");
      const page = await listNotifications(db, [localActorIri(config.ORIGIN, handle)], {
        before: pageCursor(c),
        unreadOnly: unread === "true",
      });
      const cards = await actorCards(
        db,
        config.ORIGIN,
        page.items.map((n) => n.actorIri),
      );
      const items = page.items.flatMap((n) => {
        const card = cards.get(n.actorIri);
        return card ? [toNotificationOut(n, card)] : [];
      });
      return c.json({ items, next: page.next ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/notifications/read",
      tags: ["Notifications"],
      summary: "Mark all notifications read",
      request: { query: As },
      responses: {
        200: json(z.object({ marked: z.number().int() }), "How many were unread"),
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    async (c) => {
      const caller = requireCaller(c, "write");
      const as = c.req.valid("query").as;
      if (as) await actingAs(c, as, "manage-follows");
      const { db, config } = c.get("deps");
      const marked = await markNotificationsRead(db, [
        localActorIri(config.ORIGIN, as ?? caller.person.handle),
      ]);
      return c.json({ marked }, 200);
    },
  );
}
