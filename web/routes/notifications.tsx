/**
 * Notifications of a signed-in person and of the spaces they manage: who followed, asked to
 * follow, replied, mentioned, liked or boosted, newest first, the unread ones marked.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import {
  countUnread,
  listNotifications,
  markNotificationsRead,
} from "../../server/notifications/notifications.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { canView, localViewer } from "../../server/posts/visibility.ts";
import type { WebEnv } from "../env.ts";
import { notifiedIrisOf } from "../identities.ts";
import { pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { pageCursor } from "../security/input.ts";
import { CsrfField, Layout } from "../views/layout.tsx";

/** Counts the unread notifications of the signed-in person for the header, on pages only. */
export const countUnreadNotifications = createMiddleware<WebEnv>(async (c, next) => {
  const person = c.get("person");
  const page = c.req.method === "GET" && (c.req.header("accept") ?? "").includes("text/html");
  c.set("unread", 0);
  if (person && page) {
    const { db, config } = c.get("deps");
    c.set("unread", await countUnread(db, await notifiedIrisOf(db, config.ORIGIN, person)));
  }
  return next();
});

export function notificationRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/notifications", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/notifications", 303);
    const { db, config } = c.get("deps");
    const iris = await notifiedIrisOf(db, config.ORIGIN, person);
    const list = await listNotifications(db, iris, { before: pageCursor(c) });
    const cards = await actorCards(db, config.ORIGIN, [
      ...list.items.map((n) => n.actorIri),
      ...list.items.map((n) => n.recipientIri),
    ]);
    const viewer = await localViewer(db, config.ORIGIN, person);
    // Each post it names, where the reader may still see it (a post can be deleted or private).
    const objects = new Map<string, string>();
    for (const n of list.items) {
      if (n.objectIri == null || objects.has(n.objectIri)) continue;
      const post = await findPostByIri(db, n.objectIri);
      if (post && (await canView(db, post, viewer)))
        objects.set(
          n.objectIri,
          post.isLocal ? new URL(post.iri).pathname : (post.url ?? post.iri),
        );
    }
    const page = pageContext(c);
    const { t } = page;
    const unread = list.items.some((n) => n.readAt == null);
    return c.html(
      <Layout title={t("notifications.title")} page={page}>
        <h1>{t("notifications.title")}</h1>
        {unread ? (
          <form method="post" action="/notifications/read" class="inline">
            <CsrfField token={page.csrfToken} />
            <button type="submit" class="small">
              {t("notifications.mark-read")}
            </button>
          </form>
        ) : null}
        {list.items.length === 0 ? <p class="empty">{t("notifications.empty")}</p> : null}
        <ul class="notifications">
          {list.items.map((n) => {
            const actor = cards.get(n.actorIri);
            const recipient = cards.get(n.recipientIri);
            const forSpace = localHandleOf(config.ORIGIN, n.recipientIri) !== person.handle;
            const href = n.objectIri ? objects.get(n.objectIri) : undefined;
            const requests = `/@${localHandleOf(config.ORIGIN, n.recipientIri)}/followers/requests`;
            const actorLink = (
              <a href={actor?.url ?? n.actorIri}>
                <bdi>{actor?.name ?? n.actorIri}</bdi>
              </a>
            );
            return (
              <li class={n.readAt == null ? "unread" : undefined}>
                {n.readAt == null ? (
                  <span class="visually-hidden">{t("notifications.new")} </span>
                ) : null}
                {forSpace
                  ? t.rich("notifications.kind-space", {
                      kind: n.kind,
                      actor: actorLink,
                      space: <bdi>{recipient?.name ?? n.recipientIri}</bdi>,
                    })
                  : t.rich("notifications.kind", { kind: n.kind, actor: actorLink })}{" "}
                {href ? <a href={href}>{t("notifications.see-post")}</a> : null}
                {n.kind === "follow_request" ? (
                  <a href={requests}>{t("notifications.answer-request")}</a>
                ) : null}{" "}
                <time class="muted" datetime={n.createdAt.toISOString()}>
                  {t.dateTime(n.createdAt, {
                    dateStyle: "medium",
                    timeStyle: "short",
                    timeZone: t.timeZone ?? "UTC",
                  })}
                </time>
              </li>
            );
          })}
        </ul>
        {list.next ? (
          <a href={`?before=${encodeURIComponent(list.next)}`}>{t("list.older")}</a>
        ) : null}
      </Layout>,
    );
  });

  app.post("/notifications/read", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/notifications", 303);
    const { db, config } = c.get("deps");
    await markNotificationsRead(db, await notifiedIrisOf(db, config.ORIGIN, person));
    return redirectWith(c, "/notifications", "notifications-read");
  });
  return app;
}
