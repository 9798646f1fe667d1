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

/** Where policy changes are announced: the document cache's listener (federation/document-cache.ts). */
export interface PolicyChanges {
  readonly listening: boolean;
  onPolicyChange(listener: () => void): void;
}

/** Verdicts remembered at most this long, should a change notice ever be missed. */
const REMEMBERED = { entries: 10_000, ms: 60_000 };

/**
 * `guard`, remembering its verdicts on hosts and actors until the policy changes (a notice from
 * every change, server/moderation/domain-policy.ts), so a busy reader's signed fetches cost no
 * database query each. Nothing is remembered while notices do not arrive, and a verdict asked
 * before a change is not kept after it.
 */
export function rememberVerdicts(guard: PolicyGuard, changes: PolicyChanges): PolicyGuard {
  const verdicts = new Map<string, { refused: boolean; until: number }>();
  let generation = 0;
  changes.onPolicyChange(() => {
    generation++;
    verdicts.clear();
  });
  const remembered = async (key: string, ask: () => Promise<boolean>) => {
    const known = verdicts.get(key);
    if (known != null && known.until > Date.now()) return known.refused;
    const asked = generation;
    const refused = await ask();
    if (changes.listening && asked === generation) {
      if (verdicts.size >= REMEMBERED.entries) verdicts.clear();
      verdicts.set(key, { refused, until: Date.now() + REMEMBERED.ms });
    }
    return refused;
  };
  return {
    ...guard,
    refusesHost: (host) => remembered(`host ${host.toLowerCase()}`, () => guard.refusesHost(host)),
    refusesUrl: async (url) => {
      const host = hostOf(url);
      return host != null && remembered(`host ${host}`, () => guard.refusesHost(host));
    },
    refusesActor: (iri) => remembered(`actor ${String(iri)}`, () => guard.refusesActor(iri)),
  };
}
