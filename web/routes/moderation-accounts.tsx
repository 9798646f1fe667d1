import { isNotNull } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { type InstanceRole, people } from "../../db/schema.ts";
import { deleteAccountEverywhere } from "../../federation/actions/accounts.ts";
import {
  type AccountRefusal,
  suspendAccount,
  unsuspendAccount,
} from "../../server/moderation/accounts.ts";
import { mayOnInstance, setInstanceRole } from "../../server/people/instance-roles.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { requireInstanceRole } from "../moderation-access.ts";
import { formFields, pageContext } from "../page.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, Notice } from "../views/layout.tsx";
import { day, ModerationNav } from "../views/moderation.tsx";

const REFUSALS: Record<
  AccountRefusal,
  [
    404 | 409,
    (
      | "api.no-such-person"
      | "api.account-unchanged"
      | "api.account-has-role"
      | "api.account-last-owner"
    ),
  ]
> = {
  "not-found": [404, "api.no-such-person"],
  already: [409, "api.account-unchanged"],
  "has-instance-role": [409, "api.account-has-role"],
  "last-owner": [409, "api.account-last-owner"],
};

/**
 * Accounts as moderators act on them: find one, suspend or restore it (moderators), give an
 * instance role or delete it (admins, deletion after a confirmation page).
 */
export function moderationAccountRoutes() {
  const app = new Hono<WebEnv>();
  const refuse = (c: Context<WebEnv>, reason: AccountRefusal) =>
    errorResponse(c, ...REFUSALS[reason]);

  app.get("/moderation/accounts", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const wanted = c.req.query("handle")?.trim().replace(/^@/, "").toLowerCase();
    if (wanted) return c.redirect(`/moderation/accounts/${encodeURIComponent(wanted)}`, 303);
    // Admins and moderators are few: the whole list.
    const staff = await c
      .get("deps")
      .db.select()
      .from(people)
      .where(isNotNull(people.instanceRole))
      .orderBy(people.handle);
    const page = pageContext(c);
    const { t } = page;
    return c.html(
      <Layout title={t("accounts.title")} page={page}>
        <h1>{t("accounts.title")}</h1>
        <ModerationNav t={t} moderator />
        <form method="get" action="/moderation/accounts" class="card">
          <Field name="handle" label={t("accounts.find")} />
          <button type="submit">{t("accounts.show")}</button>
        </form>
        <h2>{t("accounts.staff")}</h2>
        <ul class="spaces">
          {staff.map((member) => (
            <li>
              <a href={`/moderation/accounts/${member.handle}`} class="handle">
                @{member.handle}
              </a>{" "}
              <span class="muted">
                {t("accounts.role", { role: member.instanceRole ?? "none" })}
              </span>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  app.get("/moderation/accounts/:handle", async (c) => {
    const moderator = await requireInstanceRole(c, "moderate");
    if (moderator instanceof Response) return moderator;
    const account = await findPersonByHandle(c.get("deps").db, c.req.param("handle"));
    if (account == null) return errorResponse(c, 404, "api.no-such-person");
    const page = pageContext(c);
    const { t } = page;
    const admin = mayOnInstance(moderator, "administer");
    const base = `/moderation/accounts/${account.handle}`;
    const button = (action: string, label: string, danger = false) => (
      <form method="post" action={`${base}/${action}`} class="inline">
        <CsrfField token={page.csrfToken} />
        <button type="submit" class={danger ? "danger" : undefined}>
          {label}
        </button>
      </form>
    );
    return c.html(
      <Layout title={`@${account.handle}`} page={page}>
        <h1 class="handle">@{account.handle}</h1>
        <ModerationNav t={t} moderator />
        <dl class="facts">
          <dt>{t("accounts.name")}</dt>
          <dd dir="auto">{account.displayName}</dd>
          <dt>{t("accounts.instance-role")}</dt>
          <dd>{t("accounts.role", { role: account.instanceRole ?? "none" })}</dd>
          <dt>{t("accounts.state")}</dt>
          <dd>
            {account.suspendedAt
              ? t("accounts.suspended-since", { date: day(t, account.suspendedAt) })
              : t("accounts.active")}
          </dd>
        </dl>
        {account.suspendedAt ? (
          button("unsuspend", t("accounts.unsuspend"))
        ) : (
          <form method="post" action={`${base}/suspend`} class="card">
            <CsrfField token={page.csrfToken} />
            <Field name="reason" label={t("policy.reason")} required={false} />
            <button type="submit" class="danger">
              {t("accounts.suspend")}
            </button>
          </form>
        )}
        {admin ? (
          <>
            <form method="post" action={`${base}/role`} class="card">
              <CsrfField token={page.csrfToken} />
              <p class="field">
                <label for="role">{t("accounts.instance-role")}</label>
                <select id="role" name="role">
                  {(["none", "moderator", "admin"] as const).map((role) => (
                    <option value={role} selected={(account.instanceRole ?? "none") === role}>
                      {t("accounts.role", { role })}
                    </option>
                  ))}
                </select>
              </p>
              <button type="submit">{t("accounts.set-role")}</button>
            </form>
            <p>
              <a href={`${base}/delete`}>{t("accounts.delete")}</a>
            </p>
          </>
        ) : null}
      </Layout>,
    );
  });

  app.post("/moderation/accounts/:handle/suspend", async (c) => {
    const moderator = await requireInstanceRole(c, "moderate");
    if (moderator instanceof Response) return moderator;
    const { reason = "" } = await formFields(c);
    const handle = c.req.param("handle");
    const result = await suspendAccount(c.get("deps").db, handle, reason.slice(0, 500), {
      personId: moderator.id,
    });
    return result.ok ? c.redirect(`/moderation/accounts/${handle}`, 303) : refuse(c, result.reason);
  });

  app.post("/moderation/accounts/:handle/unsuspend", async (c) => {
    const moderator = await requireInstanceRole(c, "moderate");
    if (moderator instanceof Response) return moderator;
    const handle = c.req.param("handle");
    const result = await unsuspendAccount(c.get("deps").db, handle, "", { personId: moderator.id });
    return result.ok ? c.redirect(`/moderation/accounts/${handle}`, 303) : refuse(c, result.reason);
  });

  app.post("/moderation/accounts/:handle/role", async (c) => {
    const admin = await requireInstanceRole(c, "administer");
    if (admin instanceof Response) return admin;
    const { role } = await formFields(c);
    const wanted: InstanceRole | null = role === "admin" || role === "moderator" ? role : null;
    const handle = c.req.param("handle");
    const result = await setInstanceRole(c.get("deps").db, handle, wanted, admin.id);
    if (!result.ok)
      return result.reason === "last-admin"
        ? errorResponse(c, 409, "api.last-admin")
        : errorResponse(c, 404, "api.no-such-person");
    return c.redirect(`/moderation/accounts/${handle}`, 303);
  });

  app.get("/moderation/accounts/:handle/delete", async (c) => {
    const admin = await requireInstanceRole(c, "administer");
    if (admin instanceof Response) return admin;
    const account = await findPersonByHandle(c.get("deps").db, c.req.param("handle"));
    if (account == null) return errorResponse(c, 404, "api.no-such-person");
    const page = pageContext(c);
    const { t } = page;
    return c.html(
      <Layout title={t("accounts.delete")} page={page}>
        <h1>{t("accounts.delete")}</h1>
        <Notice kind="error">
          <p>{t("accounts.delete-confirm", { handle: account.handle })}</p>
        </Notice>
        <form method="post" action={`/moderation/accounts/${account.handle}/delete`} class="card">
          <CsrfField token={page.csrfToken} />
          <Field name="reason" label={t("policy.reason")} required={false} />
          <button type="submit" class="danger">
            {t("accounts.delete")}
          </button>
        </form>
      </Layout>,
    );
  });

  app.post("/moderation/accounts/:handle/delete", async (c) => {
    const admin = await requireInstanceRole(c, "administer");
    if (admin instanceof Response) return admin;
    const { reason = "" } = await formFields(c);
    const handle = c.req.param("handle");
    const result = await deleteAccountEverywhere(
      federationContext(c),
      handle,
      reason.slice(0, 500),
      {
        personId: admin.id,
      },
    );
    if (!result.ok) return refuse(c, result.reason);
    const page = pageContext(c);
    return c.html(
      <Layout title={page.t("accounts.delete")} page={page}>
        <Notice kind="info">
          <p>{page.t("accounts.deleted", { handle })}</p>
        </Notice>
        <p>
          <a href="/moderation/accounts">{page.t("accounts.title")}</a>
        </p>
      </Layout>,
    );
  });

  return app;
}
