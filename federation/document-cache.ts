/**
 * Serialized federation documents (actors, objects, collection pages, WebFinger, NodeInfo) kept
 * in memory, so a popular document is not rebuilt and re-serialized for every server that fetches
 * it. Only public documents are kept: what an anonymous fetch gets. A signed fetch (a server, as
 * Mastodon fetches nearly everything) is answered from here too, as a public document is the same
 * for every reader; on a miss the document is built as for an anonymous fetch, and only when that
 * is refused (a followers-only post) is it built for the signer, and never kept (ADR 8). The read
 * guard (federation/read-guard.ts) has judged the signer before: a refused server gets nothing,
 * cached or not. Fetches with a token or a session (people) are never answered from here. Only
 * what Fedify answers is kept (web/security/conditional.ts): the API is built afresh for every
 * request, as no change notice names its addresses.
 *
 * PostgreSQL triggers announce every change on `hubnet_documents` after commit (migration 0007);
 * each process drops exactly the documents the change shows up in, whichever process made it.
 */
import { getLogger } from "@logtape/logtape";
import type postgres from "postgres";
import { NODEINFO_PATH } from "./nodeinfo.ts";

const logger = getLogger(["hubnet", "federation", "document-cache"]);
const CHANNEL = "hubnet_documents";
/** A person's credentials: what they see is theirs, so their fetches never meet this cache. */
const PERSONAL = ["authorization", "cookie"];
/** A server's (draft-cavage, RFC 9421): dropped to build the public document a signed fetch gets. */
const SIGNATURES = ["signature", "signature-input", "digest", "content-digest"];
const DOCUMENT_TYPES = /application\/(activity\+json|ld\+json|jrd\+json|json)/;

export interface CachedDocument {
  body: Uint8Array;
  headers: [string, string][];
  storedAt: number;
}

/** Another cache that drops what the same notices show up in (web/page-cache.ts). */
export interface NoticeFollower {
  apply(notice: string): void;
  /** Listening (re)started or stopped: notices may have been missed. */
  reset(listening: boolean): void;
}

export interface DocumentCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** A safety net should a change notice ever be missed (a dropped listening connection). */
  maxAgeMs?: number;
}

/** A key's path without its query ("/@kenya/outbox"). */
const pathOf = (key: string) => key.slice(key.indexOf("\n") + 1).split("?")[0] as string;
/**
 * The first two segments of a path ("/@kenya/outbox", "/@kenya/posts", "/.well-known/webfinger"):
 * what a change notice names, so dropping documents never means looking at all of them.
 */
const groupOf = (path: string) => path.split("/").slice(0, 3).join("/");

export class DocumentCache {
  readonly #entries = new Map<string, CachedDocument>();
  readonly #groups = new Map<string, Set<string>>();
  readonly #followers: NoticeFollower[] = [];
  readonly #origin: string;
  readonly #options: Required<DocumentCacheOptions>;
  #bytes = 0;
  #generation = 0;
  /** Nothing is stored before change notices arrive, or a change could go unseen. */
  #listening = false;
  readonly #policyListeners: (() => void)[] = [];

  constructor(origin: string, options: DocumentCacheOptions = {}) {
    this.#origin = new URL(origin).origin;
    this.#options = {
      maxEntries: options.maxEntries ?? 10_000,
      maxBytes: options.maxBytes ?? 64 * 1024 * 1024,
      maxAgeMs: options.maxAgeMs ?? 10 * 60_000,
    };
  }

  /** The key of a request this cache may answer, or undefined. */
  keyOf(request: Request): string | undefined {
    if (request.method !== "GET") return undefined;
    if (PERSONAL.some((name) => request.headers.has(name))) return undefined;
    const accept = request.headers.get("accept") ?? "";
    if (accept.length > 300) return undefined;
    const url = new URL(request.url);
    return `${accept}\n${url.pathname}${url.search}`;
  }

  /**
   * Whether `request` asks for a federation document (by its Accept, or a well-known address such
   * as WebFinger), not a page: its misses are built once for all concurrent askers (BuildGate).
   */
  isDocumentRequest(request: Request): boolean {
    return (
      DOCUMENT_TYPES.test(request.headers.get("accept") ?? "") ||
      new URL(request.url).pathname.startsWith("/.well-known/")
    );
  }

  /** Bumps on every invalidation, so a document built before a change is never stored after it. */
  get generation(): number {
    return this.#generation;
  }

  get(key: string): CachedDocument | undefined {
    const entry = this.#entries.get(key);
    if (entry == null) return undefined;
    if (Date.now() - entry.storedAt > this.#options.maxAgeMs) {
      this.#remove(key);
      return undefined;
    }
    // Most recently used last, so eviction takes the least recently used first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /**
   * Keeps a successful document response, unless something changed since `generation`; gives
   * back what it kept.
   */
  async store(
    key: string,
    generation: number,
    response: Response,
  ): Promise<CachedDocument | undefined> {
    if (!this.#listening || generation !== this.#generation || response.status !== 200) return;
    if (!DOCUMENT_TYPES.test(response.headers.get("content-type") ?? "")) return;
    if (/private|no-store/.test(response.headers.get("cache-control") ?? "")) return;
    const body = new Uint8Array(await response.clone().arrayBuffer());
    if (generation !== this.#generation) return;
    this.#remove(key);
    const entry = { body, headers: [...response.headers], storedAt: Date.now() };
    this.#entries.set(key, entry);
    const group = groupOf(pathOf(key));
    this.#groups.set(group, (this.#groups.get(group) ?? new Set()).add(key));
    this.#bytes += body.byteLength;
    for (const [oldest] of this.#entries) {
      if (this.#entries.size <= this.#options.maxEntries && this.#bytes <= this.#options.maxBytes)
        break;
      this.#remove(oldest);
    }
    return entry;
  }

  /** Drops the documents a change notice (see migrations 0007 and 0013) shows up in. */
  apply(notice: string): void {
    const [what, first = "", second = ""] = notice.split("|");
    const path = (iri: string) => {
      try {
        const url = new URL(iri);
        return url.origin === this.#origin ? url.pathname : undefined;
      } catch {
        return undefined;
      }
    };
    switch (what) {
      case "post": {
        const author = path(first);
        this.invalidate(
          [path(second)],
          [author && `${author}/outbox`, author && `${author}/featured`, NODEINFO_PATH],
        );
        return;
      }
      case "actor":
        // The actor, and the WebFinger answers that point to it.
        this.invalidate([`/@${first}`], ["/.well-known/webfinger", NODEINFO_PATH]);
        return;
      case "follow": {
        const follower = path(first);
        const followee = path(second);
        this.invalidate(
          [],
          [follower && `${follower}/following`, followee && `${followee}/followers`],
        );
        return;
      }
      case "object":
        this.invalidate([path(first)], []);
        return;
      case "policy":
        // The federation policy (server/moderation/domain-policy.ts): no document shows it.
        this.#policyChanged();
        return;
      case "membership": {
        // Both actors name the membership (memberOf, the Hubs field), and so does the hub's list.
        const hub = path(second);
        this.invalidate([path(first), hub], [hub && `${hub}/members`]);
        return;
      }
      default:
        // Something this version does not know: drop everything rather than risk staleness.
        this.clear();
    }
  }

  /** Drops the documents at `paths` (any query), and every document of `groups` (see groupOf). */
  invalidate(paths: (string | undefined)[], groups: (string | undefined | false)[]): void {
    this.#generation++;
    for (const path of paths) {
      if (path == null) continue;
      for (const key of this.#groups.get(groupOf(path)) ?? [])
        if (pathOf(key) === path) this.#remove(key);
    }
    for (const group of groups)
      if (typeof group === "string")
        for (const key of this.#groups.get(group) ?? []) this.#remove(key);
  }

  /**
   * Calls `listener` whenever the federation policy changes, and whenever notices may have been
   * missed; what it remembers of the policy is good only while `listening`.
   */
  onPolicyChange(listener: () => void): void {
    this.#policyListeners.push(listener);
  }

  /** Whether change notices arrive (what was remembered between them may be trusted). */
  get listening(): boolean {
    return this.#listening;
  }

  #policyChanged() {
    for (const listener of this.#policyListeners) listener();
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#groups.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  #remove(key: string) {
    const entry = this.#entries.get(key);
    if (entry == null) return;
    this.#bytes -= entry.body.byteLength;
    this.#entries.delete(key);
    const group = groupOf(pathOf(key));
    const keys = this.#groups.get(group);
    keys?.delete(key);
    if (keys?.size === 0) this.#groups.delete(group);
  }

  /** Passes every change notice this cache listens to on to `follower` as well. */
  follow(follower: NoticeFollower): void {
    this.#followers.push(follower);
  }

  /**
   * Listens for change notices until `signal` aborts. When the listening connection comes back
   * after a loss, notices may have been missed, so everything is dropped.
   */
  async listen(sql: postgres.Sql, signal: AbortSignal): Promise<void> {
    const listening = await sql.listen(
      CHANNEL,
      (notice) => {
        this.apply(notice);
        for (const follower of this.#followers) follower.apply(notice);
      },
      () => {
        this.clear();
        this.#policyChanged();
        this.#listening = true;
        for (const follower of this.#followers) follower.reset(true);
      },
    );
    signal.addEventListener("abort", () => {
      this.#listening = false;
      this.#policyChanged();
      for (const follower of this.#followers) follower.reset(false);
      listening.unlisten().catch((error) => logger.debug("unlisten: {error}", { error }));
    });
  }
}

/**
 * The same fetch without its signature: what builds the public document a signed fetch is
 * answered with, so it is the same, and as cacheable, as an anonymous fetch's.
 */
export function withoutSignature(request: Request): Request {
  const headers = new Headers(request.headers);
  for (const name of SIGNATURES) headers.delete(name);
  return new Request(request.url, { method: request.method, headers });
}
