import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { domainBlockLevel } from "../../../db/schema.ts";
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
} from "../../../server/moderation/domain-policy.ts";
import { DomainSchema } from "../../../server/moderation/domains.ts";
import { moderationLogPage } from "../../../server/moderation/log.ts";
import { pageCursor } from "../../security/input.ts";
import { requireInstanceRole } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import {
  DomainBlockOut,
  LogEntryOut,
  PolicyOut,
  ReasonIn,
  toDomainBlockOut,
  toLogEntryOut,
} from "../moderation-schemas.ts";
import { Cursor, pageOf } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

const Domain = z.object({ domain: z.string().openapi({ example: "spam.example" }) });
const Reason = z.object({ reason: ReasonIn });

/** The parsed domain of a path, or 400. */
function domainOf(raw: string): string {
  const parsed = DomainSchema.safeParse(raw);
  return parsed.success ? parsed.data : fail(400, "api.invalid-domain");
}

/** The federation policy (public, as the log is) and its changes (moderators; allowlist: admins). */
export function registerFederationPolicyRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/moderation/policy",
      tags: ["Moderation"],
      summary: "This instance's federation policy: blocked domains, allowlist, blocked actors",
      responses: { 200: json(PolicyOut, "The policy") },
    }),
    async (c) => {
      const { db } = c.get("deps");
      const [blocks, allowlistMode, allowed, actors] = await Promise.all([
        listDomainBlocks(db),
        isAllowlistMode(db),
        listAllowedDomains(db),
        listBlockedActors(db),
      ]);
      return c.json(
        {
          domainBlocks: blocks.map(toDomainBlockOut),
          allowlistMode,
          allowedDomains: allowed,
          blockedActors: actors.map((a) => ({ actor: a.actorIri, reason: a.reason })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/moderation/domains/{domain}",
      tags: ["Moderation"],
      summary:
        "Block a domain and its subdomains (moderators): suspend deletes what is stored from it",
      request: {
        params: Domain,
        ...body(z.object({ level: z.enum(domainBlockLevel.enumValues), reason: ReasonIn })),
      },
      responses: {
        200: json(DomainBlockOut, "The block"),
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "moderate");
      const domain = domainOf(c.req.valid("param").domain);
      if (domain === new URL(c.get("deps").config.ORIGIN).hostname) fail(400, "api.own-domain");
      const { level, reason } = c.req.valid("json");
      const { block } = await blockDomain(
        c.get("deps").db,
        { domain, level, reason },
        { personId: caller.person.id },
      );
      return c.json(toDomainBlockOut(block), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/moderation/domains/{domain}",
      tags: ["Moderation"],
      summary: "Lift a domain's block (moderators); what a suspension deleted stays deleted",
      request: { params: Domain, query: Reason },
      responses: { 204: { description: "Lifted" }, ...errorResponses(400, 401, 403, 404, 429) },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "moderate");
      const domain = domainOf(c.req.valid("param").domain);
      const lifted = await unblockDomain(c.get("deps").db, domain, c.req.valid("query").reason, {
        personId: caller.person.id,
      });
      if (!lifted) fail(404, "api.no-block");
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/moderation/allowlist",
      tags: ["Moderation"],
      summary: "Turn allowlist mode on or off (admins): on, only allowed domains federate",
      request: body(z.object({ enabled: z.boolean(), reason: ReasonIn })),
      responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "administer");
      const { enabled, reason } = c.req.valid("json");
      await setAllowlistMode(c.get("deps").db, enabled, reason, { personId: caller.person.id });
      return c.body(null, 204);
    },
  );

  for (const allowed of [true, false]) {
    api.openapi(
      createRoute({
        method: allowed ? "put" : "delete",
        path: "/moderation/allowlist/{domain}",
        tags: ["Moderation"],
        summary: allowed
          ? "Allow a domain (and its subdomains) in allowlist mode (admins)"
          : "Take a domain off the allowlist (admins)",
        request: { params: Domain, query: Reason },
        responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 403, 429) },
      }),
      async (c) => {
        const caller = requireInstanceRole(c, "administer");
        const domain = domainOf(c.req.valid("param").domain);
        await setDomainAllowed(c.get("deps").db, domain, allowed, c.req.valid("query").reason, {
          personId: caller.person.id,
        });
        return c.body(null, 204);
      },
    );
  }

  const Actor = z.object({
    actor: z.url().openapi({ description: "The remote actor's IRI" }),
  });
  api.openapi(
    createRoute({
      method: "post",
      path: "/moderation/actor-blocks",
      tags: ["Moderation"],
      summary: "Block a remote actor on this instance (moderators): what was stored of it goes",
      request: body(Actor.extend({ reason: ReasonIn })),
      responses: { 204: { description: "Blocked" }, ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "moderate");
      const { actor, reason } = c.req.valid("json");
      if (new URL(actor).origin === c.get("deps").config.ORIGIN) fail(400, "api.own-domain");
      await blockActor(c.get("deps").db, actor, reason, { personId: caller.person.id });
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/moderation/actor-blocks",
      tags: ["Moderation"],
      summary: "Lift a remote actor's block (moderators)",
      request: { query: Actor.extend({ reason: ReasonIn }) },
      responses: { 204: { description: "Lifted" }, ...errorResponses(400, 401, 403, 404, 429) },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "moderate");
      const { actor, reason } = c.req.valid("query");
      if (!(await unblockActor(c.get("deps").db, actor, reason, { personId: caller.person.id })))
        fail(404, "api.no-block");
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/moderation/log",
      tags: ["Moderation"],
      summary: "The open moderation log, newest first (public; never names who reported)",
      request: { query: Cursor },
      responses: { 200: json(pageOf(LogEntryOut, "ModerationLogPage"), "A page of the log") },
    }),
    async (c) => {
      const page = await moderationLogPage(c.get("deps").db, pageCursor(c));
      return c.json({ items: page.items.map(toLogEntryOut), next: page.next ?? null }, 200);
    },
  );
}
