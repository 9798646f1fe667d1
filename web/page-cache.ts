/**
 * Finished HTML pages for anonymous readers (a space's page, a post's page, the directory, the
 * lists), kept in memory per interface language, so a popular page is not queried and rendered
 * again for every visitor. A signed-in reader, or one with a word to show (a flash), always gets
 * a page built for them. Kept pages are answered early, before Fedify's router and the session
 * are looked at; they are built and kept behind them (web/serve-pages.ts).
 *
 * The pages hold nothing of their reader: the CSRF token their forms carry (the language menu,
 * follow boxes) is rendered as a random placeholder and each reader's own token is put in its
 * place when the page is served. The time zone is in the key, though anonymous readers see UTC.
 *
 * Pages are dropped on the change notices the federation documents follow (the same listener,
 * federation/document-cache.ts), by the handles a notice names; what no notice announces (likes
 * and boosts, remote posts, moderation, the directory's remote entries) shows after `maxAgeMs`.
 */
import { randomBytes } from "node:crypto";
import type { NoticeFollower } from "../federation/document-cache.ts";

export interface CachedPage {
  /** The page as UTF-8, cut where each reader's CSRF token goes (encoded once, not per reader). */
  parts: Buffer[];
  headers: [string, string][];
  storedAt: number;
  bytes: number;
}

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** How stale what no notice announces (counts, remote posts) may get. */
  maxAgeMs?: number;
}

/** A kept page as one reader gets it: their CSRF token (ASCII) in each of its places. */
export function pageFor(page: CachedPage, token: string): Uint8Array<ArrayBuffer> {
  const between = Buffer.from(token, "latin1");
  const pieces: Buffer[] = [];
  page.parts.forEach((part, i) => {
    if (i > 0) pieces.push(between);
    pieces.push(part);
  });
  return Buffer.concat(pieces) as Uint8Array<ArrayBuffer>;
}

const HANDLE = "@[a-z0-9_]{1,30}";
/** The pages kept: an actor's page, a post's page, and the lists anyone may read. */
export const CACHEABLE = new RegExp(
  `^/(?:(${HANDLE})(?:/posts/[A-Za-z0-9_-]{1,100})?|directory|map|lessons|resources|events|tags/[^/]{1,100})?$`,
);
/** Pages that are not one actor's: every change may show up in them. */
const SHARED = "shared";
/** Post pages list replies from anyone, which no notice names. */
const POSTS = "posts";

export class PageCache implements NoticeFollower {
  readonly #entries = new Map<string, CachedPage>();
  readonly #tags = new Map<string, Set<string>>();
  /** Pages being built: concurrent readers of one wait for it rather than build it again. */
  readonly #building = new Map<string, Promise<CachedPage | undefined>>();
  readonly #origin: string;
  readonly #options: Required<PageCacheOptions>;
  /** Unguessable, so no post can contain it: it marks where a reader's token goes. */
  readonly placeholder = `csrf-${randomBytes(18).toString("base64url")}`;
  #bytes = 0;
  #generation = 0;
  /** Nothing is stored before change notices arrive, or a change could go unseen. */
  #listening = false;

  constructor(origin: string, options: PageCacheOptions = {}) {
    this.#origin = new URL(origin).origin;
    this.#options = {
      maxEntries: options.maxEntries ?? 5_000,
      maxBytes: options.maxBytes ?? 64 * 1024 * 1024,
      maxAgeMs: options.maxAgeMs ?? 30_000,
    };
  }

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (entry == null) return undefined;
    if (Date.now() - entry.storedAt > this.#options.maxAgeMs) {
      this.#remove(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** The page being built for `key` by another request, if any. */
  building(key: string): Promise<CachedPage | undefined> | undefined {
    return this.#building.get(key);
  }

  /** Runs `build` as the one build of `key` that concurrent readers wait for. */
  async build(key: string, make: () => Promise<CachedPage | undefined>) {
    const built = make().finally(() => this.#building.delete(key));
    this.#building.set(key, built);
    return built;
  }

  /**
   * Keeps `html` for `key` (see pageKey), unless something changed since `generation`; the page
   * as kept, or undefined.
   */
  store(
    key: string,
    generation: number,
    html: string,
    headers: [string, string][],
  ): CachedPage | undefined {
    const parts = html.split(this.placeholder).map((part) => Buffer.from(part));
    const page = {
      parts,
      headers,
      storedAt: Date.now(),
      bytes: parts.reduce((sum, part) => sum + part.byteLength, 0),
    };
    if (!this.#listening || generation !== this.#generation) return undefined;
    this.#remove(key);
    const bytes = page.bytes;
    this.#entries.set(key, page);
    this.#bytes += bytes;
    for (const tag of tagsOf(pathOfKey(key)))
      this.#tags.set(tag, (this.#tags.get(tag) ?? new Set()).add(key));
    for (const [oldest] of this.#entries) {
      if (this.#entries.size <= this.#options.maxEntries && this.#bytes <= this.#options.maxBytes)
        break;
      this.#remove(oldest);
    }
    return page;
  }

  /** Drops the pages a change notice (migrations 0007 and 0013) may show up in. */
  apply(notice: string): void {
    const [what, first = "", second = ""] = notice.split("|");
    const handle = (iri: string) => {
      if (!URL.canParse(iri)) return undefined;
      const url = new URL(iri);
      if (url.origin !== this.#origin) return undefined;
      return url.pathname.match(new RegExp(`^/(${HANDLE})`))?.[1];
    };
    switch (what) {
      case "post":
        // The author's pages, the lists, and any post page it may be a reply on.
        this.#drop([handle(first), POSTS, SHARED]);
        return;
      case "follow":
      case "membership":
        this.#drop([handle(first), handle(second), SHARED]);
        return;
      case "object":
        this.#drop([handle(first), SHARED]);
        return;
      default:
        // An actor's name and picture show on every card of theirs; anything unknown, likewise.
        this.clear();
    }
  }

  /** Listening (re)started or stopped: notices may have been missed. */
  reset(listening: boolean): void {
    this.clear();
    this.#listening = listening;
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#tags.clear();
    this.#bytes = 0;
  }

  #drop(tags: (string | undefined)[]) {
    this.#generation++;
    for (const tag of tags)
      if (tag != null) for (const key of this.#tags.get(tag) ?? []) this.#remove(key);
  }

  #remove(key: string) {
    const entry = this.#entries.get(key);
    if (entry == null) return;
    this.#bytes -= entry.bytes;
    this.#entries.delete(key);
    for (const tag of tagsOf(pathOfKey(key))) {
      const keys = this.#tags.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.#tags.delete(tag);
    }
  }
}

const pathOfKey = (key: string) => key.slice(key.lastIndexOf("\n") + 1).split("?")[0] ?? "";

/** `/@kenya` → [@kenya]; `/@kenya/posts/x` → [@kenya, posts]; `/directory` → [shared]. */
function tagsOf(path: string): string[] {
  const match = path.match(CACHEABLE);
  const handle = match?.[1];
  if (handle == null) return [SHARED];
  return path.includes("/posts/") ? [handle, POSTS] : [handle];
}
