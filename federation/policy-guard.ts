/**
 * The federation policy (server/moderation/domain-policy.ts) as the boundaries ask it: whether a
 * server, a URL or an actor is refused. The inbox gate, the delivery guard, the one fetch and the
 * read guard all ask here, so a block holds the same everywhere.
 */

import type { Deps } from "../server/deps.ts";
import { actorVerdict, federationVerdict } from "../server/moderation/domain-policy.ts";
import { hostOf } from "../server/moderation/domains.ts";

export interface PolicyGuard {
  refusesHost(host: string): Promise<boolean>;
  refusesUrl(url: string | URL): Promise<boolean>;
  refusesActor(iri: string | URL): Promise<boolean>;
  /** Whether media (icons) from this URL's server are kept. */
  rejectsMedia(url: string | URL): Promise<boolean>;
}

export function policyGuard(deps: Pick<Deps, "db" | "config">): PolicyGuard {
  const own = new URL(deps.config.ORIGIN).hostname;
  const refusesHost = async (host: string) =>
    !(await federationVerdict(deps.db, host.toLowerCase(), own)).federates;
  return {
    refusesHost,
    refusesUrl: async (url) => {
      const host = hostOf(url);
      return host != null && (await refusesHost(host));
    },
    refusesActor: async (iri) => !(await actorVerdict(deps.db, String(iri), own)).federates,
    rejectsMedia: async (url) => {
      const host = hostOf(url);
      if (host == null) return false;
      const verdict = await federationVerdict(deps.db, host, own);
      return !verdict.federates || verdict.rejectMedia;
    },
  };
}
