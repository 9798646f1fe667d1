/** Documents beside the pages: Hubnet's JSON-LD context, and iCalendar files of events. */
import { Hono } from "hono";
import {
  HUBNET_CONTEXT_PATH,
  hubnetContextDocument,
} from "../../federation/mappers/hubnet-context.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { toICalendar } from "../../server/events/ics.ts";
import { publicEventsOf } from "../../server/events/rsvps.ts";
import { findPostById } from "../../server/posts/posts.ts";
import { canView, localViewer } from "../../server/posts/visibility.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import type { WebEnv } from "../env.ts";
import { errorResponse } from "../views/error-page.tsx";

const CALENDAR = "text/calendar; charset=utf-8";

export function contentFileRoutes() {
  const app = new Hono<WebEnv>();

  app.get(HUBNET_CONTEXT_PATH, (c) => {
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(JSON.stringify(hubnetContextDocument(), null, 2), 200, {
      "Content-Type": "application/ld+json",
    });
  });

  app.get("/:name{@[a-z0-9_]{1,30}}/events.ics", async (c) => {
    const { db, config } = c.get("deps");
    const handle = c.req.param("name").slice(1);
    const space = await findSpaceByHandle(db, handle);
    if (space == null) return errorResponse(c, 404, "error.no-space");
    const events = await publicEventsOf(db, localActorIri(config.ORIGIN, handle));
    const name = space.name[space.defaultLanguage] ?? handle;
    return c.body(toICalendar(events, name, c.get("languages")), 200, {
      "Content-Type": CALENDAR,
      "Content-Disposition": `inline; filename="${handle}-events.ics"`,
    });
  });

  app.get("/:name{@[a-z0-9_]{1,30}}/posts/:id/event.ics", async (c) => {
    const { db } = c.get("deps");
    const post = await findPostById(db, c.req.param("id"));
    const viewer = await localViewer(db, c.get("deps").config.ORIGIN, c.get("person"));
    if (post?.kind !== "event" || !(await canView(db, post, viewer)))
      return errorResponse(c, 404, "error.no-event");
    return c.body(toICalendar([post], "Hubnet", c.get("languages")), 200, {
      "Content-Type": CALENDAR,
      "Content-Disposition": `inline; filename="event-${post.id}.ics"`,
    });
  });

  return app;
}
