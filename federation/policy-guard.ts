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

/** The policy as the database answers it, every time. */
function askDatabase(deps: Pick<Deps, "db" | "config">): PolicyGuard {
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

/** Each instance's remembering guard, once its process hears the change notices. */
const remembering = new WeakMap<object, PolicyGuard>();

/**
 * The federation policy of the instance `deps` belongs to. Every boundary (inbox gate, inbox
 * listeners, delivery guard, fetches, read guard) asks through here; where the process listens
 * for change notices (`rememberPolicy`), verdicts come from memory between changes, so a busy
 * peer's activities and reads cost no policy query each. The database's refusal trigger
 * (server/moderation/purge.ts) still refuses a write from a server blocked a moment ago.
 */
export function policyGuard(deps: Pick<Deps, "db" | "config">): PolicyGuard {
  // Looked up at each question, so a guard made before `rememberPolicy` (the queues are built
  // before the caches) remembers too.
  const current = () => remembering.get(deps) ?? askDatabase(deps);
  return {
    refusesHost: (host) => current().refusesHost(host),
    refusesUrl: (url) => current().refusesUrl(url),
    refusesActor: (iri) => current().refusesActor(iri),
    rejectsMedia: (url) => current().rejectsMedia(url),
  };
}

/** From now on, `deps`' instance answers policy questions from memory between `changes`. */
export function rememberPolicy(deps: Pick<Deps, "db" | "config">, changes: PolicyChanges): void {
  if (!remembering.has(deps)) remembering.set(deps, rememberVerdicts(askDatabase(deps), changes));
}

/** Where policy changes are announced: the document cache's listener (federation/document-cache.ts). */
export interface PolicyChanges {
  readonly listening: boolean;
  onPolicyChange(listener: () => void): void;
}

/** Verdicts remembered at most this long, should a change notice ever be missed. */
const REMEMBERED = { entries: 10_000, ms: 60_000 };

/**
 * `guard`, remembering its verdicts on hosts, actors and media until the policy changes (a notice from
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
    refusesHost: (host) => remembered(`host ${host.toLowerCase()}`, () => guard.refusesHost(host)),
    refusesUrl: async (url) => {
      const host = hostOf(url);
      return host != null && remembered(`host ${host}`, () => guard.refusesHost(host));
    },
    refusesActor: (iri) => remembered(`actor ${String(iri)}`, () => guard.refusesActor(iri)),
    rejectsMedia: async (url) => {
      const host = hostOf(url);
      return host != null && remembered(`media ${host}`, () => guard.rejectsMedia(url));
    },
  };
}
