import type { RequestContext } from "@fedify/fedify";
import type { Context } from "hono";
import type { Deps } from "../server/deps.ts";
import type { WebEnv } from "./env.ts";

/** Fedify's context for actions a web request starts (look-ups, deliveries). */
export function federationContext<E extends WebEnv>(c: Context<E>): RequestContext<Deps> {
  return c.get("federation").createContext(c.req.raw, c.get("deps"));
}
