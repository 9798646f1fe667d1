/**
 * The people of a space and their roles, for its owners and admins: change a role, remove
 * someone, give a role to a person who has an account here, and invite by a link (which makes an
 * account, or lets a signed-in person join).
 */
import { type Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { Invitation, Person, Space, SpaceRole } from "../../db/schema.ts";
import {
  createInvitation,
  openInvitations,
  revokeInvitation,
} from "../../server/invitations/invitations.ts";
import { findPersonByHandle, roleIn } from "../../server/people/people.ts";
import { membersOf } from "../../server/spaces/members.ts";
import { mayChangeRole } from "../../server/spaces/permissions.ts";
import { changeRole, type RoleChange } from "../../server/spaces/roles.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { formFields, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout, Notice, type PageContext } from "../views/layout.tsx";
import { SpaceTabs } from "../views/space.tsx";

const ROLES: SpaceRole[] = ["owner", "admin", "editor", "member"];
const isRole = (value: string | undefined): value is SpaceRole =>
  ROLES.includes(value as SpaceRole);

async function managed(c: Context<WebEnv>) {
  const handle = (c.req.param("name") ?? "").slice(1);
  const actor = await requireActor(c, handle, "manage-space");
  if (actor instanceof Response) return actor;
  const space = await findSpaceByHandle(c.get("deps").db, handle);
  if (space == null) return errorResponse(c, 404, "error.not-found");
  return { space, person: actor.person };
}

/** The roles a manager may give: owners any, admins editors and members. */
async function grantable(c: Context<WebEnv>, space: Space, person: Person) {
  const mine = await roleIn(c.get("deps").db, space.id, person.id);
  return mine === "owner" ? ROLES : ROLES.filter((r) => r === "editor" || r === "member");
}

export function spaceMemberRoutes() {
  const app = new Hono<WebEnv>();

  const show = async (c: Context<WebEnv>, invited?: { token: string }, error?: string) => {
    const found = await managed(c);
    if (found instanceof Response) return found;
    const { db } = c.get("deps");
    const [members, invitations, roles] = await Promise.all([
      membersOf(db, found.space.id),
      openInvitations(db, found.space.id),
      grantable(c, found.space, found.person),
    ]);
    return c.html(
      <MembersPage
        page={pageContext(c)}
        space={found.space}
        members={members}
        invitations={invitations}
        roles={roles}
        link={
          invited
            ? new URL(`/invite/${invited.token}`, c.get("deps").config.ORIGIN).href
            : undefined
        }
        error={error}
      />,
      error ? 400 : 200,
    );
  };

  app.get("/:name{@[a-z0-9_]{1,30}}/people", (c) => show(c));

  app.post("/:name{@[a-z0-9_]{1,30}}/people", async (c) => {
    const found = await managed(c);
    if (found instanceof Response) return found;
    const { db } = c.get("deps");
    const form = await formFields(c);
    const wanted: RoleChange | undefined =
      form.role === "none" ? "none" : isRole(form.role) ? form.role : undefined;
    const target = await findPersonByHandle(db, (form.person ?? "").trim().replace(/^@/, ""));
    const t = c.get("t");
    if (target == null)
      return show(c, undefined, t("members.no-person", { handle: form.person ?? "" }));
    if (wanted == null) return errorResponse(c, 400, "members.choose-role");
    const current = await roleIn(db, found.space.id, target.id);
    if (!(await mayChangeRole(db, found.person, found.space.id, current, wanted)))
      return errorResponse(c, 403, "api.role-change-refused");
    const result = await changeRole(db, found.space.handle, target.handle, wanted);
    if (!result.ok) return show(c, undefined, t("api.last-owner"));
    return redirectWith(c, `/@${found.space.handle}/people`, "role-changed");
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/invitations", async (c) => {
    const found = await managed(c);
    if (found instanceof Response) return found;
    const form = await formFields(c);
    const roles = await grantable(c, found.space, found.person);
    if (!isRole(form.role) || !roles.includes(form.role))
      return errorResponse(c, 403, "api.role-change-refused");
    const { token } = await createInvitation(c.get("deps").db, {
      space: { id: found.space.id, role: form.role },
      invitedBy: found.person.id,
    });
    // The link is shown once, on this answer: only its hash is kept.
    c.set("flash", "invited");
    return show(c, { token });
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/invitations/:id/revoke", async (c) => {
    const found = await managed(c);
    if (found instanceof Response) return found;
    const done = await revokeInvitation(c.get("deps").db, c.req.param("id"), found.space.id);
    if (!done) return errorResponse(c, 404, "members.no-invitation");
    return redirectWith(c, `/@${found.space.handle}/people`, "invitation-revoked");
  });
  return app;
}

const MembersPage: FC<{
  page: PageContext;
  space: Space;
  members: { person: Person; role: SpaceRole }[];
  invitations: Invitation[];
  roles: SpaceRole[];
  link?: string;
  error?: string;
}> = ({ page, space, members, invitations, roles, link, error }) => {
  const { t } = page;
  const day = (date: Date) => t.dateTime(date, { dateStyle: "medium", timeZone: "UTC" });
  const roleOptions = (selected?: SpaceRole) =>
    roles.map((role) => (
      <option value={role} selected={role === selected}>
        {t("actors.role", { role })}
      </option>
    ));
  return (
    <Layout title={t("members.title")} page={page}>
      <h1>{t("members.title")}</h1>
      <SpaceTabs t={t} handle={space.handle} current="members" />
      {error ? <Notice kind="error">{error}</Notice> : null}
      <p class="muted">{t("members.roles-explained")}</p>
      <ul class="members">
        {members.map(({ person, role }) => {
          const id = `role-${person.handle}`;
          return (
            <li>
              <a href={`/@${person.handle}`}>
                <bdi>{person.displayName}</bdi>
              </a>{" "}
              <span class="handle">@{person.handle}</span>{" "}
              <span class="role">{t("actors.role", { role })}</span>
              {roles.includes(role) ? (
                <form method="post" action={`/@${space.handle}/people`} class="inline">
                  <CsrfField token={page.csrfToken} />
                  <input type="hidden" name="person" value={person.handle} />
                  <label for={id} class="visually-hidden">
                    {t("members.role-of", { handle: person.handle })}
                  </label>
                  <select id={id} name="role">
                    {roleOptions(role)}
                    <option value="none">{t("members.remove")}</option>
                  </select>
                  <button type="submit" class="small">
                    {t("members.change")}
                  </button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
      <section class="card">
        <h2>{t("members.invite")}</h2>
        {link ? (
          <div class="notice info">
            <label for="invitation-link">{t("members.link")}</label>
            <input id="invitation-link" class="copy" readonly value={link} />
            <small class="hint">{t("members.link-hint")}</small>
          </div>
        ) : null}
        <form method="post" action={`/@${space.handle}/invitations`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <label for="invite-role">{t("members.invite-as")}</label>
          <select id="invite-role" name="role">
            {roleOptions("editor")}
          </select>
          <button type="submit">{t("members.make-link")}</button>
        </form>
        {invitations.length > 0 ? (
          <>
            <h3>{t("members.open-invitations")}</h3>
            <ul>
              {invitations.map((invitation) => (
                <li>
                  {t("members.invitation", {
                    role: invitation.role ?? "member",
                    date: day(invitation.expiresAt),
                  })}{" "}
                  <form
                    method="post"
                    action={`/@${space.handle}/invitations/${invitation.id}/revoke`}
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
          </>
        ) : null}
      </section>
      <section class="card">
        <h2>{t("members.add")}</h2>
        <form method="post" action={`/@${space.handle}/people`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <label for="add-person">{t("members.add-handle")}</label>
          <input id="add-person" name="person" required placeholder="@handle" />
          <label for="add-role">{t("members.add-role")}</label>
          <select id="add-role" name="role">
            {roleOptions("editor")}
          </select>
          <button type="submit">{t("members.add-submit")}</button>
        </form>
      </section>
    </Layout>
  );
};
