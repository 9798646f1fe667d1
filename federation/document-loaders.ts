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
  type KvStore,
  kvCache,
  preloadedContexts,
} from "@fedify/fedify";
import type { Deps } from "../server/deps.ts";
import { checkDocument } from "./document-limits.ts";
import { type FetchPolicy, fetchRemote, type Signer, signerFor } from "./remote-fetch.ts";

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

export function fetchPolicy(deps: Deps): FetchPolicy {
  return {
    allowPrivateAddress: deps.allowPrivateAddress,
    userAgent: getUserAgent({ software: `Hubnet/${deps.version}`, url: deps.config.ORIGIN }),
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
  const documents = withinLimits(
    kvCache({ loader: remoteLoader(policy), kv, prefix: [...DOCUMENTS] }),
  );
  const contexts = kvCache({ loader: remoteLoader(policy), kv, prefix: [...CONTEXTS] });
  return {
    documentLoaderFactory: () => documents,
    contextLoaderFactory: () => contexts,
    authenticatedDocumentLoaderFactory: (identity) =>
      withinLimits(remoteLoader(policy, signerFor(identity))),
  };
}
