import { type Context, Hono } from "hono";
import { z } from "zod";
import { domainBlockLevel } from "../../db/schema.ts";
import {
  blockActor,
  blockDomain,
  isAllowlistMode,
  listAllowedDomains,
  listBlockedActors,
  listDomainBlocks,
  setAllowlistMode,
  setDomainAllowed,
  unblockActor,
  unblockDomain,
} from "../../server/moderation/domain-policy.ts";
import { DomainSchema } from "../../server/moderation/domains.ts";
import { mayOnInstance } from "../../server/people/instance-roles.ts";
import type { WebEnv } from "../env.ts";
import { requireInstanceRole } from "../moderation-access.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout } from "../views/layout.tsx";
import { day, ModerationNav } from "../views/moderation.tsx";

const Reason = z.string().trim().max(500).default("");
const NewBlock = z.object({
  domain: DomainSchema,
  level: z.enum(domainBlockLevel.enumValues),
  reason: Reason,
});

/**
 * The federation policy, public (which servers are blocked, and why; the allowlist), with the
 * moderators' forms to change it (admins for the allowlist).
 */
export function moderationPolicyRoutes() {
  const app = new Hono<WebEnv>();

  const show = async (c: Context<WebEnv>, errors?: Record<string, string>) => {
    const { db } = c.get("deps");
    const page = pageContext(c);
    const { t } = page;
    const moderator = mayOnInstance(page.person, "moderate");
    const admin = mayOnInstance(page.person, "administer");
    const [blocks, allowlist, allowed, actors] = await Promise.all([
      listDomainBlocks(db),
      isAllowlistMode(db),
      listAllowedDomains(db),
      listBlockedActors(db),
    ]);
    const lift = (action: string, name: string, value: string) =>
      moderator ? (
        <form method="post" action={action} class="inline">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name={name} value={value} />
          <button type="submit" class="small">
            {t("policy.lift")}
          </button>
        </form>
      ) : null;
    return c.html(
      <Layout title={t("policy.title")} page={page}>
        <h1>{t("policy.title")}</h1>
        <ModerationNav t={t} moderator={moderator} />
        <p>{t("policy.intro", { host: page.host })}</p>

        <h2>{t("policy.blocks")}</h2>
        {blocks.length === 0 ? <p class="muted">{t("policy.no-blocks")}</p> : null}
        <ul class="spaces">
          {blocks.map((block) => (
            <li>
              <strong class="handle">{block.domain}</strong>{" "}
              {t("policy.level", { level: block.level })}{" "}
              <span class="muted">
                ({t("policy.level-help", { level: block.level })}) ·{" "}
                {t("policy.since", { date: day(t, block.updatedAt) })}
              </span>
              {block.reason ? (
                <>
                  {" — "}
                  <q dir="auto">{block.reason}</q>
                </>
              ) : null}{" "}
              {lift("/moderation/policy/unblock", "domain", block.domain)}
            </li>
          ))}
        </ul>
        {moderator ? (
          <form method="post" action="/moderation/policy/block" class="card">
            <h3>{t("policy.block-domain")}</h3>
            <CsrfField token={page.csrfToken} />
            <Field name="domain" label={t("policy.domain")} error={errors?.domain} />
            <p class="field">
              <label for="level">{t("policy.level-label")}</label>
              <select id="level" name="level">
                {domainBlockLevel.enumValues.map((level) => (
                  <option value={level}>
                    {t("policy.level", { level })} — {t("policy.level-help", { level })}
                  </option>
                ))}
              </select>
            </p>
            <Field
              name="reason"
              label={t("policy.reason")}
              required={false}
              error={errors?.reason}
            />
            <button type="submit">{t("policy.block")}</button>
          </form>
        ) : null}

        <h2>{t("policy.allowlist")}</h2>
        <p>{t(allowlist ? "policy.allowlist-on" : "policy.allowlist-off", { host: page.host })}</p>
        {allowed.length === 0 ? (
          <p class="muted">{t("policy.no-allowed")}</p>
        ) : (
          <ul class="spaces">
            {allowed.map((domain) => (
              <li>
                <span class="handle">{domain}</span>{" "}
                {admin ? (
                  <form method="post" action="/moderation/policy/disallow" class="inline">
                    <CsrfField token={page.csrfToken} />
                    <input type="hidden" name="domain" value={domain} />
                    <button type="submit" class="small">
                      {t("policy.lift")}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {admin ? (
          <>
            <form method="post" action="/moderation/policy/allow" class="card">
              <CsrfField token={page.csrfToken} />
              <Field name="domain" label={t("policy.domain")} error={errors?.allowed} />
              <button type="submit">{t("policy.allow")}</button>
            </form>
            <form method="post" action="/moderation/policy/allowlist" class="inline">
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="enabled" value={allowlist ? "false" : "true"} />
              <button type="submit">{t(allowlist ? "policy.turn-off" : "policy.turn-on")}</button>
            </form>
          </>
        ) : null}

        <h2>{t("policy.blocked-actors")}</h2>
        {actors.length === 0 ? <p class="muted">{t("policy.no-actors")}</p> : null}
        <ul class="spaces">
          {actors.map((actor) => (
            <li>
              <span class="handle">{actor.actorIri}</span>
              {actor.reason ? (
                <>
                  {" — "}
                  <q dir="auto">{actor.reason}</q>
                </>
              ) : null}{" "}
              {lift("/moderation/policy/unblock-actor", "actor", actor.actorIri)}
            </li>
          ))}
        </ul>
        {moderator ? (
          <form method="post" action="/moderation/policy/block-actor" class="card">
            <h3>{t("policy.block-actor")}</h3>
            <CsrfField token={page.csrfToken} />
            <Field name="actor" label={t("policy.actor")} type="url" error={errors?.actor} />
            <Field name="reason" label={t("policy.reason")} required={false} />
            <button type="submit">{t("policy.block")}</button>
          </form>
        ) : null}
      </Layout>,
      errors ? 400 : 200,
    );
  };

  app.get("/moderation/policy", (c) => show(c));

  app.post("/moderation/policy/block", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const parsed = NewBlock.safeParse(await formFields(c));
    if (!parsed.success) return show(c, fieldErrors(c, parsed.error));
    if (parsed.data.domain === new URL(c.get("deps").config.ORIGIN).hostname)
      return errorResponse(c, 400, "api.own-domain");
    await blockDomain(c.get("deps").db, parsed.data, { personId: person.id });
    return c.redirect("/moderation/policy", 303);
  });

  app.post("/moderation/policy/unblock", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const { domain = "" } = await formFields(c);
    if (!(await unblockDomain(c.get("deps").db, domain, "", { personId: person.id })))
      return errorResponse(c, 404, "api.no-block");
    return c.redirect("/moderation/policy", 303);
  });

  app.post("/moderation/policy/block-actor", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const form = await formFields(c);
    const parsed = z
      .object({ actor: z.url({ protocol: /^https?$/ }), reason: Reason })
      .safeParse(form);
    if (!parsed.success) return show(c, fieldErrors(c, parsed.error));
    if (new URL(parsed.data.actor).origin === c.get("deps").config.ORIGIN)
      return errorResponse(c, 400, "api.block-local");
    await blockActor(c.get("deps").db, parsed.data.actor, parsed.data.reason, {
      personId: person.id,
    });
    return c.redirect("/moderation/policy", 303);
  });

  app.post("/moderation/policy/unblock-actor", async (c) => {
    const person = await requireInstanceRole(c, "moderate");
    if (person instanceof Response) return person;
    const { actor = "" } = await formFields(c);
    if (!(await unblockActor(c.get("deps").db, actor, "", { personId: person.id })))
      return errorResponse(c, 404, "api.no-block");
    return c.redirect("/moderation/policy", 303);
  });

  app.post("/moderation/policy/allowlist", async (c) => {
    const person = await requireInstanceRole(c, "administer");
    if (person instanceof Response) return person;
    const { enabled } = await formFields(c);
    await setAllowlistMode(c.get("deps").db, enabled === "true", "", { personId: person.id });
    return c.redirect("/moderation/policy", 303);
  });

  for (const allowed of [true, false]) {
    app.post(`/moderation/policy/${allowed ? "allow" : "disallow"}`, async (c) => {
      const person = await requireInstanceRole(c, "administer");
      if (person instanceof Response) return person;
      const parsed = z.object({ domain: DomainSchema }).safeParse(await formFields(c));
      if (!parsed.success) return show(c, { allowed: fieldErrors(c, parsed.error).domain ?? "" });
      await setDomainAllowed(c.get("deps").db, parsed.data.domain, allowed, "", {
        personId: person.id,
      });
      return c.redirect("/moderation/policy", 303);
    });
  }

  return app;
}
