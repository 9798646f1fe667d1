import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewPost } from "../db/schema.ts";
import { findPostByIri } from "../server/posts/posts.ts";
import {
  deleteRemotePost,
  isTombstoned,
  persistRemotePost,
  updateRemotePost,
} from "../server/posts/remote-posts.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const AUTHOR = "https://remote.test/users/mira";
const draft = (fields: Partial<NewPost> = {}): NewPost => ({
  iri: `${AUTHOR}/statuses/${randomUUID()}`,
  authorIri: AUTHOR,
  isLocal: false,
  contentHtml: { en: "<p>Hello</p>" },
  visibility: "public",
  publishedAt: new Date(),
  ...fields,
});

describe("remote posts", () => {
  it("stay deleted: a Create or an Update after the Delete stores nothing", async () => {
    const post = draft();
    expect(await deleteRemotePost(database.db, post.iri, AUTHOR)).toEqual({
      ok: true,
      post: undefined,
    });
    expect(await persistRemotePost(database.db, post)).toEqual({ ok: false, reason: "deleted" });
    expect(await updateRemotePost(database.db, post)).toEqual({ ok: false, reason: "deleted" });
    expect(await findPostByIri(database.db, post.iri)).toBeUndefined();
  });

  it("never outlive their Delete, however Creates and Deletes interleave", async () => {
    const drafts = Array.from({ length: 24 }, () => draft());
    await Promise.all(
      drafts.flatMap((post) => [
        persistRemotePost(database.db, post),
        deleteRemotePost(database.db, post.iri, AUTHOR),
      ]),
    );
    for (const post of drafts) {
      expect(await findPostByIri(database.db, post.iri)).toBeUndefined();
      expect(await isTombstoned(database.db, post.iri)).toBe(true);
    }
  });

  it("are deleted only by their author, who leaves no tombstone on someone else's post", async () => {
    const post = draft();
    await persistRemotePost(database.db, post);
    const other = "https://remote.test/users/eve";
    expect(await deleteRemotePost(database.db, post.iri, other)).toEqual({
      ok: false,
      reason: "not-owner",
    });
    expect(await isTombstoned(database.db, post.iri)).toBe(false);
    expect(await findPostByIri(database.db, post.iri)).toBeDefined();
  });

  it("refuse a date PostgreSQL cannot store, as a reason, not a database error", async () => {
    const ancient = new Date(Date.UTC(-10000, 0, 1));
    expect(await persistRemotePost(database.db, draft({ publishedAt: ancient }))).toEqual({
      ok: false,
      reason: "invalid-date",
    });
    expect(
      await persistRemotePost(database.db, draft({ updatedAt: new Date(Number.NaN) })),
    ).toEqual({ ok: false, reason: "invalid-date" });
  });

  it("take a date hours ahead of the clock as now", async () => {
    const stored = await persistRemotePost(
      database.db,
      draft({ publishedAt: new Date("2999-01-01T00:00:00Z") }),
    );
    if (!stored.ok) throw new Error(stored.reason);
    expect(stored.post.publishedAt.getTime()).toBeLessThanOrEqual(Date.now());
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    const kept = await persistRemotePost(database.db, draft({ publishedAt: soon }));
    expect(kept.ok && kept.post.publishedAt.getTime()).toBe(soon.getTime());
  });

  it("keep only http(s) links", async () => {
    const post = draft({
      url: "javascript:alert(1)",
      inReplyToIri: "data:text/html,x",
      mentions: [
        { href: "https://remote.test/users/kofi", name: "@kofi" },
        { href: "javascript:alert(2)", name: "@x" },
        { href: "mailto:x@remote.test", name: "@y" },
      ],
    });
    const stored = await persistRemotePost(database.db, post);
    if (!stored.ok) throw new Error(stored.reason);
    expect(stored.post).toMatchObject({
      url: post.iri,
      inReplyToIri: null,
      mentions: [{ href: "https://remote.test/users/kofi", name: "@kofi" }],
    });
  });
});
