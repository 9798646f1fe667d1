import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { TokenScope } from "../../db/schema.ts";
import { type InstanceAction, mayOnInstance } from "../../server/people/instance-roles.ts";
import { authenticateToken, effectiveScopes } from "../../server/tokens/tokens.ts";
import type { WebEnv } from "../env.ts";
import type { ApiEnv, Caller } from "./env.ts";
import { ApiProblem } from "./errors.ts";
import type { RateLimits } from "./rate-limit.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The client's address: the socket's, or behind a trusted reverse proxy the nearest address it
 * added to X-Forwarded-For. Requests made in-process have none.
 */
export function clientAddress<E extends WebEnv>(c: Context<E>): string | undefined {
  if (c.get("deps").config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * Works out the caller from `Authorization: Bearer` or the web UI's session (whose writes the
 * CSRF check has already passed), and counts writes against the caller's and the address's limit.
 */
export function authenticate(limits: RateLimits) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    let caller: Caller | undefined;
    if (header != null) {
      const secret = header.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (secret == null) throw new ApiProblem(401, "api.bearer-format");
      const found = await authenticateToken(c.get("deps").db, secret);
      if (found == null) throw new ApiProblem(401, "api.token-invalid");
      caller = {
        person: found.person,
        scopes: effectiveScopes(found.token.scopes),
        via: "token",
        key: found.token.id,
      };
    } else {
      const person = c.get("person");
      if (person) {
        const scopes: TokenScope[] =
          person.instanceRole != null ? ["read", "write", "admin"] : ["read", "write"];
        caller = { person, scopes: new Set(scopes), via: "session", key: person.id };
      }
    }
    c.set("caller", caller);
    if (!SAFE.has(c.req.method)) {
      const address = clientAddress(c);
      for (const key of [caller && `caller:${caller.key}`, address && `address:${address}`]) {
        if (key == null) continue;
        const verdict = limits.writes.take(key);
        if (!verdict.ok) {
          throw new ApiProblem(
            429,
            "api.too-many-changes",
            { seconds: verdict.retryAfter },
            undefined,
            { "retry-after": String(verdict.retryAfter) },
          );
        }
      }
    }
    await next();
  });
}

/** The caller, who must be signed in with `scope`. */
export function requireCaller(c: Context<ApiEnv>, scope: TokenScope): Caller {
  const caller = c.get("caller");
  if (caller == null) throw new ApiProblem(401, "api.sign-in");
  if (!caller.scopes.has(scope)) throw new ApiProblem(403, "api.missing-scope", { scope });
  if (scope === "admin" && caller.person.instanceRole == null) {
    throw new ApiProblem(403, "api.operators-only");
  }
  return caller;
}

/**
 * The caller, whose instance role allows `action` (server/people/instance-roles.ts), through a
 * token with the admin scope or the web session.
 */
export function requireInstanceRole(c: Context<ApiEnv>, action: InstanceAction): Caller {
  const caller = requireCaller(c, "admin");
  if (!mayOnInstance(caller.person, action))
    throw new ApiProblem(403, action === "administer" ? "api.admins-only" : "api.moderators-only");
  return caller;
}
