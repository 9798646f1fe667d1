/** The web side of memberships: a space's hubs and forms, a hub's members and its answers. */
import { type Context, Hono } from "hono";
import type { Space } from "../../db/schema.ts";
import {
  answerJoinRequest,
  joinHub,
  leaveHub,
  removeMember,
} from "../../federation/actions/membership.ts";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { countMembers, hubsOf, membersOf } from "../../server/membership/lists.ts";
import { setSuspended } from "../../server/membership/memberships.ts";
import { mayActAs } from "../../server/spaces/permissions.ts";
import { findSpaceByHandle, updateSpace } from "../../server/spaces/spaces.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { formFields, pageContext } from "../page.ts";
import { pageCursor } from "../security/input.ts";
import { errorResponse } from "../views/error-page.tsx";
import type { HubNetworkView } from "../views/hub-network.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";

const SPACE = "/:name{@[a-z0-9_]{1,30}}";
const ACT = "manage-space" as const;

/** What a space's page shows of its hubs (and, to its admins, its requests). */
export async function hubNetworkView(c: Context<WebEnv>, space: Space): Promise<HubNetworkView> {
  const { db, config } = c.get("deps");
  const iri = localActorIri(config.ORIGIN, space.handle);
  const person = c.get("person");
  const canManage = person != null && (await mayActAs(db, person, space.handle, ACT));
  const isHub = space.kind === "hub";
  const [hubs, pendingHubs, requests, memberCount] = await Promise.all([
    hubsOf(db, iri),
    canManage ? hubsOf(db, iri, "pending") : undefined,
    isHub && canManage ? membersOf(db, iri, "pending") : undefined,
    isHub ? countMembers(db, iri) : 0,
  ]);
  const rows = [...hubs.items, ...(pendingHubs?.items ?? []), ...(requests?.items ?? [])];
  const cards = await actorCards(
    db,
    config.ORIGIN,
    rows.flatMap((m) => [m.hubIri, m.memberIri]),
  );
  return {
    space,
    hubs: hubs.items,
    pendingHubs: pendingHubs?.items ?? [],
    requests: requests?.items ?? [],
    memberCount,
    cards,
    canManage,
  };
}

type Refusal = "not-a-space" | "not-found" | "not-a-hub" | "self" | "not-pending" | "not-accepted";
const STATUS = {
  "not-a-space": 422,
  "not-found": 404,
  "not-a-hub": 422,
  self: 422,
  "not-pending": 409,
  "not-accepted": 409,
} as const;

const refused = (c: Context<WebEnv>, reason: Refusal) =>
  errorResponse(c, STATUS[reason], "api.membership-refused", {
    reason: reason.replaceAll("-", "_"),
  });

export function hubRoutes() {
  const app = new Hono<WebEnv>();

  /** The signed-in owner or admin acting for the space of the path, and the submitted form. */
  const acting = async (c: Context<WebEnv>) => {
    const actor = await requireActor(c, c.req.param("name")?.slice(1), ACT);
    if (actor instanceof Response) return actor;
    const { config } = c.get("deps");
    return {
      handle: actor.handle,
      by: localActorIri(config.ORIGIN, actor.person.handle),
      form: await formFields(c),
    };
  };
  const back = (c: Context<WebEnv>, handle: string) => c.redirect(`/@${handle}`, 303);

  app.post(`${SPACE}/hubs`, async (c) => {
    const a = await acting(c);
    if (a instanceof Response) return a;
    const hub = (a.form.hub ?? "").trim();
    if (hub === "" || hub.length > 500) return refused(c, "not-found");
    const result = await joinHub(federationContext(c), a.handle, hub, a.by);
    return result.ok ? back(c, a.handle) : refused(c, result.reason);
  });

  app.post(`${SPACE}/hubs/leave`, async (c) => {
    const a = await acting(c);
    if (a instanceof Response) return a;
    const result = await leaveHub(federationContext(c), a.handle, a.form.hub ?? "", a.by);
    return result.ok ? back(c, a.handle) : refused(c, result.reason);
  });

  app.post(`${SPACE}/members/answer`, async (c) => {
    const a = await acting(c);
    if (a instanceof Response) return a;
    const answer = a.form.answer === "accept" ? "accept" : "reject";
    const member = a.form.member ?? "";
    const result = await answerJoinRequest(federationContext(c), a.handle, member, answer, a.by);
    return result.ok ? back(c, a.handle) : refused(c, result.reason);
  });

  app.post(`${SPACE}/members/suspend`, async (c) => {
    const a = await acting(c);
    if (a instanceof Response) return a;
    const hubIri = localActorIri(c.get("deps").config.ORIGIN, a.handle);
    const suspended = a.form.suspended === "true";
    const member = a.form.member ?? "";
    const result = await setSuspended(c.get("deps").db, member, hubIri, suspended, a.by);
    return result.ok ? c.redirect(`/@${a.handle}/members`, 303) : refused(c, result.reason);
  });

  app.post(`${SPACE}/members/remove`, async (c) => {
    const a = await acting(c);
    if (a instanceof Response) return a;
    const result = await removeMember(federationContext(c), a.handle, a.form.member ?? "", a.by);
    return result.ok ? c.redirect(`/@${a.handle}/members`, 303) : refused(c, result.reason);
  });

  app.post(`${SPACE}/settings/membership`, async (c) => {
    const a = await acting(c);
    if (a instanceof Response) return a;
    const space = await findSpaceByHandle(c.get("deps").db, a.handle);
    if (space?.kind !== "hub") return refused(c, "not-a-hub");
    const membershipApproval = a.form.automatic === "on" ? "automatic" : "manual";
    await updateSpace(c.get("deps").db, space, { membershipApproval });
    return back(c, a.handle);
  });

  // The HTML side of a hub's members collection (Fedify answers ActivityStreams requests).
  app.get(`${SPACE}/members`, async (c) => {
    const { db, config } = c.get("deps");
    const space = await findSpaceByHandle(db, c.req.param("name").slice(1));
    if (space?.kind !== "hub") return errorResponse(c, 404, "error.not-found");
    const page = pageContext(c);
    const { t } = page;
    const iri = localActorIri(config.ORIGIN, space.handle);
    const members = await membersOf(db, iri, "accepted", pageCursor(c));
    const cards = await actorCards(
      db,
      config.ORIGIN,
      members.items.map((m) => m.memberIri),
    );
    const person = c.get("person");
    const canManage = person != null && (await mayActAs(db, person, space.handle, ACT));
    const name = pickLanguage(space.name, c.get("languages"), space.defaultLanguage)?.text;
    const title = t("hubs.members.title", { name: name ?? space.handle });
    const form = (path: string, fields: Record<string, string>, label: string) => (
      <form method="post" action={`/@${space.handle}/members/${path}`} class="inline">
        <CsrfField token={page.csrfToken} />
        {Object.entries(fields).map(([n, v]) => (
          <input type="hidden" name={n} value={v} />
        ))}
        <button type="submit" class="small">
          {label}
        </button>
      </form>
    );
    return c.html(
      <Layout title={title} page={page}>
        <h1 dir="auto">{title}</h1>
        {members.items.length === 0 ? <p class="muted">{t("hubs.members.empty")}</p> : null}
        <ul class="spaces">
          {members.items.map((m) => {
            const card = cards.get(m.memberIri);
            const since = t.dateTime(m.acceptedAt ?? m.createdAt, { dateStyle: "medium" });
            return (
              <li>
                <a href={card?.url ?? m.memberIri} dir="auto">
                  {card?.name ?? m.memberIri}
                </a>{" "}
                <span class="handle">{card?.handle}</span>{" "}
                <span class="muted">{t("hubs.member-since", { date: since })}</span>
                {m.suspendedAt ? <span class="muted"> · {t("hubs.suspended")}</span> : null}
                {canManage ? (
                  <>
                    {" "}
                    {form(
                      "suspend",
                      { member: m.memberIri, suspended: m.suspendedAt ? "false" : "true" },
                      t(m.suspendedAt ? "hubs.reinstate" : "hubs.suspend"),
                    )}{" "}
                    {form("remove", { member: m.memberIri }, t("hubs.remove"))}
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
        {members.next ? (
          <a href={`?before=${encodeURIComponent(members.next)}`}>{t("list.more")}</a>
        ) : null}
      </Layout>,
    );
  });
  return app;
}
