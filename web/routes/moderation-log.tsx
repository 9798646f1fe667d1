import { Hono } from "hono";
import { moderationLogPage } from "../../server/moderation/log.ts";
import { mayOnInstance } from "../../server/people/instance-roles.ts";
import type { WebEnv } from "../env.ts";
import { toLogAtom } from "../feeds/moderation-atom.ts";
import { pageContext } from "../page.ts";
import { pageCursor } from "../security/input.ts";
import { Layout } from "../views/layout.tsx";
import { LogEntry, logReason, logSentence, ModerationNav } from "../views/moderation.tsx";

/**
 * The open moderation log: every action of this instance's moderators and of its spaces'
 * admins, public, newest first, and as an Atom feed.
 */
export function moderationLogRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/moderation/log", async (c) => {
    const page = pageContext(c);
    const { t } = page;
    const log = await moderationLogPage(c.get("deps").db, pageCursor(c));
    return c.html(
      <Layout title={t("log.title")} page={page}>
        <h1>{t("log.title")}</h1>
        <ModerationNav t={t} moderator={mayOnInstance(page.person, "moderate")} />
        <p>{t("log.intro", { host: page.host })}</p>
        <p>
          <a href="/moderation/log.atom" type="application/atom+xml">
            {t("log.feed")}
          </a>
        </p>
        {log.items.length === 0 ? (
          <p class="muted">{t("log.empty")}</p>
        ) : (
          <ol class="spaces">
            {log.items.map((entry) => (
              <LogEntry t={t} entry={entry} />
            ))}
          </ol>
        )}
        {log.next ? (
          <p>
            <a href={`/moderation/log?before=${log.next}`}>{t("log.older")}</a>
          </p>
        ) : null}
      </Layout>,
    );
  });

  app.get("/moderation/log.atom", async (c) => {
    const { db, config } = c.get("deps");
    const { t } = pageContext(c);
    const host = new URL(config.ORIGIN).host;
    const log = await moderationLogPage(db, undefined, 50);
    const xml = toLogAtom({
      title: t("log.feed-title", { host }),
      link: new URL("/moderation/log", config.ORIGIN).href,
      self: new URL("/moderation/log.atom", config.ORIGIN).href,
      entries: log.items.map((entry) => ({
        entry,
        title: logSentence(t, entry),
        reason: logReason(t, entry),
      })),
    });
    return c.body(xml, 200, { "content-type": "application/atom+xml; charset=utf-8" });
  });

  return app;
}
