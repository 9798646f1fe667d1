/**
 * The JSON-LD loaders Fedify uses for everything it fetches (keys, actors, objects, contexts),
 * built on federation/remote-fetch.ts so every fetch has the same timeout, size limit and address
 * check. Documents (not contexts) must also hold to the limits of inbound documents.
 */
import {
  type AuthenticatedDocumentLoaderFactory,
  type DocumentLoader,
  type DocumentLoaderFactory,
  getRemoteDocument,
  getUserAgent,
  importJwk,
  type KvStore,
  kvCache,
  preloadedContexts,
} from "@fedify/fedify";
import type { Deps } from "../server/deps.ts";
import { ensureKeyPairs, findKeyPairs } from "../server/keys/key-pairs.ts";
import { checkDocument } from "./document-limits.ts";
import { INSTANCE_ACTOR } from "./mappers/instance-actor.ts";
import { policyGuard } from "./policy-guard.ts";
import {
  type FetchPolicy,
  fetchRemote,
  RefusedByPolicyError,
  type Signer,
  signerFor,
} from "./remote-fetch.ts";

const ACTIVITY_JSON =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
/** Where Fedify keeps fetched documents by default; kept so existing caches stay valid. */
const DOCUMENTS = ["_fedify", "remoteDocument"] as const;
const CONTEXTS = ["hubnet", "remoteContext"] as const;

/** A fetched document that breaks the inbound limits: refused, never retried. */
export class DocumentLimitError extends Error {
  override name = "DocumentLimitError";
  constructor(url: string, reason: string, path: string) {
    super(`${url} exceeds the document limits (${reason} at ${path})`);
  }
}

const policies = new WeakMap<Deps, FetchPolicy>();

/** How this instance fetches: the address check, the federation policy, the instance actor. */
export function fetchPolicy(deps: Deps): FetchPolicy {
  let policy = policies.get(deps);
  if (policy == null) {
    const guard = policyGuard(deps);
    let signer: Promise<Signer> | undefined;
    policy = {
      allowPrivateAddress: deps.allowPrivateAddress,
      userAgent: getUserAgent({ software: `Hubnet/${deps.version}`, url: deps.config.ORIGIN }),
      refuses: (url) => guard.refusesUrl(url),
      fallbackSigner: () => {
        signer ??= instanceActorSigner(deps).catch((error) => {
          signer = undefined;
          throw error;
        });
        return signer;
      },
    };
    policies.set(deps, policy);
  }
  return policy;
}

/** Signs as the instance actor (`/@instance.actor`, its RSA key first, as Fedify names it). */
async function instanceActorSigner(deps: Deps): Promise<Signer> {
  await ensureKeyPairs(deps.db, INSTANCE_ACTOR);
  const [rsa] = await findKeyPairs(deps.db, INSTANCE_ACTOR);
  if (rsa == null) throw new Error("the instance actor has no key");
  return signerFor({
    keyId: new URL(`/@${INSTANCE_ACTOR}#main-key`, deps.config.ORIGIN),
    privateKey: await importJwk(rsa.privateKey, "private"),
  });
}

/**
 * Refuses a URL whose server the policy refuses before anything else, a cached copy included:
 * what was fetched before a suspension is not used after it.
 */
function refusing(policy: FetchPolicy, load: DocumentLoader): DocumentLoader {
  return async (url, options) => {
    if (!(url in preloadedContexts) && URL.canParse(url) && (await policy.refuses?.(new URL(url))))
      throw new RefusedByPolicyError(url);
    return load(url, options);
  };
}

function remoteLoader(policy: FetchPolicy, sign?: Signer): DocumentLoader {
  const load: DocumentLoader = async (url, options) => {
    if (url in preloadedContexts)
      return { contextUrl: null, document: preloadedContexts[url], documentUrl: url };
    const fetched = await fetchRemote(url, {
      policy,
      accept: ACTIVITY_JSON,
      sign,
      signal: options?.signal,
    });
    return getRemoteDocument(fetched.url, fetched.response, load);
  };
  return load;
}

/** Checked after the cache too, so a document cached as a context is no way around the limits. */
function withinLimits(load: DocumentLoader): DocumentLoader {
  return async (url, options) => {
    const loaded = await load(url, options);
    if (url in preloadedContexts) return loaded;
    const check = checkDocument(loaded.document);
    if (!check.ok) throw new DocumentLimitError(url, check.reason, check.path);
    return loaded;
  };
}

export interface DocumentLoaderFactories {
  documentLoaderFactory: DocumentLoaderFactory;
  contextLoaderFactory: DocumentLoaderFactory;
  authenticatedDocumentLoaderFactory: AuthenticatedDocumentLoaderFactory;
}

/**
 * Fedify's three loader factories. Plain documents and contexts are cached in the key-value store
 * (five minutes, as Fedify does); signed fetches are not, since what they see may be private.
 */
export function documentLoaderFactories(deps: Deps, kv: KvStore): DocumentLoaderFactories {
  const policy = fetchPolicy(deps);
  const documents = refusing(
    policy,
    withinLimits(kvCache({ loader: remoteLoader(policy), kv, prefix: [...DOCUMENTS] })),
  );
  const contexts = refusing(
    policy,
    kvCache({ loader: remoteLoader(policy), kv, prefix: [...CONTEXTS] }),
  );
  return {
    documentLoaderFactory: () => documents,
    contextLoaderFactory: () => contexts,
    authenticatedDocumentLoaderFactory: (identity) =>
      withinLimits(remoteLoader(policy, signerFor(identity))),
  };
}
