/**
 * What an inbox POST must pass before Fedify sees it. Fedify processes the body as JSON-LD (which
 * can cost seconds, and fetches any `@context` it names) before it checks the HTTP signature;
 * here the body is parsed and held to the document limits first, and the signature verified,
 * so an unsigned or oversized body costs a parse and a walk, never JSON-LD work or a fetch.
 * A server the federation policy refuses (suspended, or not on the allowlist) gets 403, on its
 * key's word before the key is fetched, and on its verified signature after.
 */
import {
  type Context,
  type Federation,
  type KeyCache,
  preloadedContexts,
  type VerifyRequestFailureReason,
  verifyRequestDetailed,
} from "@fedify/fedify";
import type { Deps } from "../server/deps.ts";
import { checkDocument, type LimitReason } from "./document-limits.ts";
import { SharedKeyCache } from "./key-cache.ts";
import { type PolicyGuard, policyGuard } from "./policy-guard.ts";
import { signatureKeyIds } from "./signature-key.ts";
import { HubnetKvStore } from "./stores.ts";

type GateRefusal = {
  ok: false;
  status: 400 | 401 | 403 | 415 | 429;
  message: string;
  retryAfter?: number;
};
export type GateVerdict = { ok: true } | GateRefusal;

export interface RateLimit {
  take(key: string): { ok: true } | { ok: false; retryAfter: number };
}

export interface InboxRateLimits {
  /** Per client address (before anything is read) and per signing host (once verified). */
  addresses: RateLimit;
  hosts: RateLimit;
}

/**
 * The gate of one instance's inboxes: checks a request, given the sender's address as the web
 * layer sees it (TRUST_PROXY decides; undefined for in-process requests).
 */
export type InboxGate = (
  request: Request,
  clientAddress: string | undefined,
) => Promise<GateVerdict>;

const LIMIT_MESSAGES: Record<LimitReason, string> = {
  "not-text": "a text holds a NUL or a broken character",
  "too-deep": "nested too deeply",
  "too-many-values": "too many values",
  "array-too-long": "an array is too long",
  "text-too-long": "a text is too long",
  "too-many-recipients": "too many recipients",
  "too-many-tags": "too many tags",
  "too-many-mentions": "too many mentions",
  "too-many-attachments": "too many attachments",
  "too-many-languages": "too many languages in one map",
  "context-too-large": "the @context is too large",
};

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
const refuse = (
  status: GateRefusal["status"],
  message: string,
  retryAfter?: number,
): GateRefusal => ({ ok: false, status, message, retryAfter });

export function createInboxGate(
  federation: Federation<Deps>,
  deps: Deps,
  rates: InboxRateLimits,
): InboxGate {
  const keys = new SharedKeyCache(new HubnetKvStore(deps.sql));
  const policy = policyGuard(deps);
  return async (request, clientAddress) => {
    if (clientAddress != null) {
      const verdict = rates.addresses.take(clientAddress);
      if (!verdict.ok)
        return refuse(429, "Too many requests from this address.", verdict.retryAfter);
    }
    const document = await readDocument(request);
    if (!document.ok) return document;
    for (const keyId of signatureKeyIds(request.headers))
      if (await policy.refusesUrl(keyId)) return refusedServer(keyId);
    const ctx = federation.createContext(request, deps);
    const signer = await verifySigner(request, ctx, keys, document);
    if (signer === "refused") return refuse(401, "The request's signature could not be verified.");
    if (signer === "gone") return goneActorVerdict(policy, document.json);
    if (await policy.refusesActor(signer.owner)) return refusedServer(signer.owner);
    const verdict = rates.hosts.take(signer.host);
    if (!verdict.ok)
      return refuse(429, `Too many activities from ${signer.host}.`, verdict.retryAfter);
    return loadContexts(ctx, document.contextUrls);
  };
}

/** The answer to a server (or actor) the federation policy refuses. */
const refusedServer = (iri: string): GateRefusal =>
  refuse(403, `This instance does not accept activities from ${URL.parse(iri)?.host ?? iri}.`);

/** A gone actor's own Delete passes, unless its server is refused (nothing of it is kept then). */
async function goneActorVerdict(policy: PolicyGuard, json: unknown): Promise<GateVerdict> {
  const actor = (json as { actor?: unknown }).actor;
  const iri = typeof actor === "string" ? actor : (actor as { id?: unknown } | null)?.id;
  return typeof iri === "string" && (await policy.refusesActor(iri))
    ? refusedServer(iri)
    : { ok: true };
}

type Document = { ok: true; json: unknown; contextUrls: string[] };

/** The body as JSON within the document limits: a parse and one walk, nothing more. */
async function readDocument(request: Request): Promise<Document | GateRefusal> {
  const type = request.headers.get("content-type");
  if (type != null && !JSON_TYPE.test(type))
    return refuse(415, "An activity is sent as application/activity+json.");
  let text: string;
  try {
    text = UTF8.decode(await request.clone().arrayBuffer());
  } catch {
    return refuse(400, "The body is not UTF-8.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(400, "The body is not JSON.");
  }
  const limits = checkDocument(json);
  if (!limits.ok)
    return refuse(
      400,
      `The activity exceeds the limits: ${LIMIT_MESSAGES[limits.reason]} (${limits.path}).`,
    );
  return { ok: true, json, contextUrls: limits.contextUrls };
}

/**
 * The server whose key signed the request. A deleted account's own Delete cannot be verified
 * (its key is gone) and is left to Fedify (federation/inbox/gone-actor.ts) when it needs no
 * context Fedify would have to fetch.
 */
async function verifySigner(
  request: Request,
  ctx: Context<Deps>,
  keyCache: KeyCache,
  document: Document,
): Promise<{ host: string; owner: string } | "gone" | "refused"> {
  const verification = await verifyRequestDetailed(request.clone(), {
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
    keyCache,
  });
  if (verification.verified) {
    const owner = verification.key.ownerId ?? verification.key.id ?? new URL(request.url);
    return { host: owner.host, owner: owner.href };
  }
  const preloaded = document.contextUrls.every((url) => url in preloadedContexts);
  return preloaded && isGoneActorDelete(document.json, verification.reason) ? "gone" : "refused";
}

/**
 * Every remote context the document names, fetched now (and cached for Fedify): one that cannot
 * be loaded is the sender's mistake (400), not a failure in the middle of Fedify's processing.
 */
async function loadContexts(ctx: Context<Deps>, urls: string[]): Promise<GateVerdict> {
  for (const url of urls) {
    if (url in preloadedContexts) continue;
    try {
      await ctx.contextLoader(url);
    } catch {
      return refuse(400, `The JSON-LD context ${url} could not be loaded.`);
    }
  }
  return { ok: true };
}

function isGoneActorDelete(json: unknown, reason: VerifyRequestFailureReason): boolean {
  if (reason.type !== "keyFetchError" || typeof json !== "object" || json == null) return false;
  const status = "status" in reason.result ? reason.result.status : undefined;
  const activity = json as Record<string, unknown>;
  const idOf = (value: unknown) =>
    typeof value === "string" ? value : (value as { id?: unknown } | null)?.id;
  return (
    (status === 410 || status === 404) &&
    activity.type === "Delete" &&
    idOf(activity.actor) != null &&
    idOf(activity.actor) === idOf(activity.object)
  );
}
