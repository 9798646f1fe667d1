/**
 * The operators' pages: the instance's settings (open sign-up, who creates spaces, its
 * description), its people with invitations to the instance, and the state of federation: what
 * waits in the queue and which hosts fail.
 */
import { type Context, Hono } from "hono";
import { countByActivity, hostsInTrouble, queueTiming } from "../../server/cli/queue-report.ts";
import { instancePolicy, setInstancePolicy } from "../../server/instance/policy.ts";
import {
  createInvitation,
  openInvitations,
  revokeInvitation,
} from "../../server/invitations/invitations.ts";
import { summarizePeople } from "../../server/people/accounts.ts";
import { mayOnInstance } from "../../server/people/instance-roles.ts";
import type { WebEnv } from "../env.ts";
import { formFields, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";

async function operator(c: Context<WebEnv>) {
  const person = c.get("person");
  if (person == null) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
  return mayOnInstance(person, "administer") ? person : errorResponse(c, 403, "api.operators-only");
}

export function adminRoutes() {
  const app = new Hono<WebEnv>();

  const show = async (c: Context<WebEnv>, link?: string) => {
    const person = await operator(c);
    if (person instanceof Response) return person;
    const { db, sql } = c.get("deps");
    const [policy, people, invitations, queue, timing, hosts] = await Promise.all([
      instancePolicy(db),
      summarizePeople(db),
      openInvitations(db, null),
      countByActivity(sql),
      queueTiming(sql),
      hostsInTrouble(sql),
    ]);
    const page = pageContext(c);
    const { t } = page;
    const when = (date: Date) =>
      t.dateTime(date, { dateStyle: "medium", timeStyle: "short", timeZone: t.timeZone ?? "UTC" });
    const waiting = queue.reduce((sum, row) => sum + row.count, 0);
    return c.html(
      <Layout title={t("admin.title")} page={page}>
        <h1>{t("admin.title")}</h1>
        <section class="card" aria-labelledby="settings-heading">
          <h2 id="settings-heading">{t("admin.settings")}</h2>
          <form method="post" action="/admin/settings">
            <CsrfField token={page.csrfToken} />
            <p class="field">
              <label>
                <input type="checkbox" name="openSignup" checked={policy.openSignup} />{" "}
                {t("admin.open-signup")}
              </label>
              <small class="hint">{t("admin.open-signup-hint")}</small>
            </p>
            <p class="field">
              <label>
                <input
                  type="checkbox"
                  name="peopleCreateSpaces"
                  checked={policy.peopleCreateSpaces}
                />{" "}
                {t("admin.people-create-spaces")}
              </label>
            </p>
            <p class="field">
              <label for="about">{t("admin.about")}</label>
              <textarea id="about" name="about" rows={3} dir="auto" aria-describedby="about-note">
                {policy.about}
              </textarea>
              <small id="about-note" class="hint">
                {t("admin.about-hint")}
              </small>
            </p>
            <button type="submit">{t("posts.save")}</button>
          </form>
        </section>

        <section class="card" aria-labelledby="people-heading">
          <h2 id="people-heading">{t("admin.people", { count: people.length })}</h2>
          <div class="table">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("admin.person")}</th>
                  <th scope="col">{t("admin.roles")}</th>
                  <th scope="col">{t("admin.since")}</th>
                </tr>
              </thead>
              <tbody>
                {people.map(({ person: p, roles }) => (
                  <tr>
                    <td>
                      <a href={`/@${p.handle}`}>
                        <bdi>{p.displayName}</bdi>
                      </a>{" "}
                      <span class="handle">@{p.handle}</span>
                      {p.instanceRole ? <span class="muted"> · {t("admin.operator")}</span> : null}
                    </td>
                    <td>
                      {roles.length === 0
                        ? "—"
                        : t.list(
                            roles.map((r) =>
                              t("admin.role-in", {
                                role: t("actors.role", { role: r.role }),
                                space: r.space,
                              }),
                            ),
                          )}
                    </td>
                    <td>{t.dateTime(p.createdAt, { dateStyle: "medium", timeZone: "UTC" })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t("admin.invite")}</h3>
          {link ? (
            <div class="notice info">
              <label for="invitation-link">{t("members.link")}</label>
              <input id="invitation-link" class="copy" readonly value={link} />
              <small class="hint">{t("members.link-hint")}</small>
            </div>
          ) : null}
          <form method="post" action="/admin/invitations" class="inline">
            <CsrfField token={page.csrfToken} />
            <button type="submit">{t("members.make-link")}</button>
          </form>
          {invitations.length > 0 ? (
            <ul>
              {invitations.map((invitation) => (
                <li>
                  {t("admin.invitation", { date: when(invitation.expiresAt) })}{" "}
                  <form
                    method="post"
                    action={`/admin/invitations/${invitation.id}/revoke`}
                    class="inline"
                  >
                    <CsrfField token={page.csrfToken} />
                    <button type="submit" class="small danger">
                      {t("members.revoke")}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section class="card" aria-labelledby="federation-heading">
          <h2 id="federation-heading">{t("admin.federation")}</h2>
          <p data-queue-depth={String(waiting)}>
            {t("admin.queue-depth", { count: waiting, handling: timing.handling })}
            {timing.oldestDueSeconds != null && timing.oldestDueSeconds > 1
              ? ` ${t("admin.oldest", { seconds: Math.round(timing.oldestDueSeconds) })}`
              : ""}
          </p>
          {queue.length > 0 ? (
            <div class="table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.queue")}</th>
                    <th scope="col">{t("admin.activity")}</th>
                    <th scope="col">{t("admin.waiting")}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.map((row) => (
                    <tr>
                      <td>{row.queue}</td>
                      <td>{row.activity}</td>
                      <td>{t.number(row.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <h3>{t("admin.failing-hosts")}</h3>
          {hosts.length === 0 ? (
            <p class="empty">{t("admin.no-failing-hosts")}</p>
          ) : (
            <div class="table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.host")}</th>
                    <th scope="col">{t("admin.circuit")}</th>
                    <th scope="col">{t("admin.failures")}</th>
                    <th scope="col">{t("admin.retrying")}</th>
                  </tr>
                </thead>
                <tbody>
                  {hosts.map((host) => (
                    <tr data-host={host.host}>
                      <td>
                        <bdi>{host.host}</bdi>
                      </td>
                      <td>
                        {t("admin.circuit-state", {
                          state: (host.circuit ?? "none").replace("-", "_"),
                        })}
                      </td>
                      <td>
                        {t.number(host.recentFailures)}
                        {host.lastFailure ? ` · ${when(host.lastFailure)}` : ""}
                      </td>
                      <td>{t.number(host.retrying)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </Layout>,
    );
  };

  app.get("/admin", (c) => show(c));

  app.post("/admin/settings", async (c) => {
    const person = await operator(c);
    if (person instanceof Response) return person;
    const form = await formFields(c);
    await setInstancePolicy(c.get("deps").db, {
      openSignup: form.openSignup === "on",
      peopleCreateSpaces: form.peopleCreateSpaces === "on",
      about: (form.about ?? "").slice(0, 2000),
    });
    return redirectWith(c, "/admin", "saved");
  });

  app.post("/admin/invitations", async (c) => {
    const person = await operator(c);
    if (person instanceof Response) return person;
    const { token } = await createInvitation(c.get("deps").db, { invitedBy: person.id });
    c.set("flash", "invited");
    return show(c, new URL(`/invite/${token}`, c.get("deps").config.ORIGIN).href);
  });

  app.post("/admin/invitations/:id/revoke", async (c) => {
    const person = await operator(c);
    if (person instanceof Response) return person;
    if (!(await revokeInvitation(c.get("deps").db, c.req.param("id"), null)))
      return errorResponse(c, 404, "members.no-invitation");
    return redirectWith(c, "/admin", "invitation-revoked");
  });
  return app;
}
