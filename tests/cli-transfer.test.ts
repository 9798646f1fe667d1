import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { follows, type Post, posts } from "../db/schema.ts";
import { persistRemoteActor } from "../server/actors/remote-actors.ts";
import { describeArchiveProblem } from "../server/cli/words.ts";
import { recordFollow } from "../server/follows/follows.ts";
import { findKeyPairs } from "../server/keys/key-pairs.ts";
import {
  authenticate,
  createPerson,
  findPersonByHandle,
  NewPersonInput,
  roleIn,
  setRole,
} from "../server/people/people.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { foundSpace } from "../server/spaces/founding.ts";
import { findSpaceByHandle, NewSpaceInput, setManualApproval } from "../server/spaces/spaces.ts";
import { parseArchive, type SpaceArchiveJson } from "../server/transfer/archive.ts";
import { importSpace } from "../server/transfer/import-space.ts";
import { runCli } from "./helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

const OLD = "https://old.test";
const NEW = "https://new.test";
const MIRA = "https://mastodon.test/users/mira";
const PASSWORD = "correct horse battery";

let before: TestDatabase;
let after: TestDatabase;
let dir: string;
let oldEnv: Record<string, string>;
let newEnv: Record<string, string>;
let written: Post[];

/** Wikimedia Kenya on old.test: two people, posts in two languages, followers near and far. */
async function seed(db: TestDatabase["db"]) {
  const person = (handle: string) =>
    createPerson(
      db,
      NewPersonInput.parse({ handle, email: `${handle}@example.org`, password: PASSWORD }),
    );
  const [ana, bob] = [await person("ana"), await person("bob"), await person("carol")];
  if (!ana.ok || !bob.ok) throw new Error("seeding failed");
  const founded = await foundSpace(
    db,
    NewSpaceInput.parse({
      handle: "kenya",
      kind: "hub",
      focus: "regional",
      defaultLanguage: "en",
      name: { en: "Wikimedia Kenya", sw: "Wikimedia Kenya (sw)" },
      summary: { en: "Editors in Kenya" },
      regions: ["KE"],
      website: "https://wikimedia.or.ke",
    }),
    "ana",
  );
  if (!founded.ok) throw new Error("seeding failed");
  await setRole(db, founded.space.id, bob.person.id, "editor");
  await setManualApproval(db, "kenya", true);
  const author = { origin: OLD, handle: "kenya", iri: `${OLD}/@kenya` };
  const first = await createLocalPost(
    db,
    author,
    PostInput.parse({
      content: { en: "Edit-a-thon with @bob@old.test #OpenData", sw: "Edit-a-thon Jumamosi" },
      summary: "for members",
      visibility: "followers",
    }),
    [{ href: `${OLD}/@bob`, name: "@bob@old.test" }],
  );
  const reply = await createLocalPost(
    db,
    author,
    PostInput.parse({ content: { en: "Thanks, everyone!" }, inReplyToIri: first.iri }),
  );
  await persistRemoteActor(db, {
    iri: MIRA,
    type: "Person",
    handle: "@mira@mastodon.test",
    inboxIri: `${MIRA}/inbox`,
    sharedInboxIri: "https://mastodon.test/inbox",
  });
  const follow = (from: string, to: string, state: "pending" | "accepted") =>
    recordFollow(db, { followerIri: from, followeeIri: to, activityIri: `${from}#f` }, state);
  await follow(MIRA, author.iri, "accepted");
  await follow(`${OLD}/@bob`, author.iri, "accepted");
  await follow(`${OLD}/@carol`, author.iri, "accepted"); // carol has no role: she stays behind
  await follow(author.iri, MIRA, "pending");
  return [first, reply];
}

beforeAll(async () => {
  [before, after] = await Promise.all([
    createTestDatabase(),
    createTestDatabase({ migrate: false }),
  ]);
  dir = await mkdtemp(join(tmpdir(), "hubnet-transfer-"));
  oldEnv = { DATABASE_URL: before.url, DATA_DIR: join(dir, "old"), ORIGIN: OLD };
  newEnv = { DATABASE_URL: after.url, DATA_DIR: join(dir, "new"), ORIGIN: NEW };
  written = await seed(before.db);
});
afterAll(() => Promise.all([before.drop(), after.drop()]));

const hubnet = (env: Record<string, string>, ...args: string[]) => runCli(env, args);

describe("hubnet export and import", () => {
  it("moves a space to another instance: profile, posts, people and roles, follows", async () => {
    const file = join(dir, "kenya.json");
    const exported = await hubnet(oldEnv, "export", "--space", "kenya", "--output", file);
    expect(exported.stdout).toContain(
      "Exported @kenya: 2 posts, 2 people, 3 followers, 1 following.",
    );
    const archive = JSON.parse(await readFile(file, "utf8"));
    expect(archive).toMatchObject({ format: "hubnet-space-export", version: 2, origin: OLD });
    expect(JSON.stringify(archive)).not.toContain("scrypt");

    const imported = await hubnet(newEnv, "import", "--input", file);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain("Imported @kenya@new.test: 2 posts, 3 follows, 2 roles.");
    expect(imported.stdout).toContain("Created @ana, @bob with random, unusable passwords");
    expect(imported.stdout).toContain("user reset-password");
    expect(imported.stdout).toContain("Left out 1 follows");

    const db = after.db;
    const space = await findSpaceByHandle(db, "kenya");
    expect(space).toMatchObject({
      kind: "hub",
      focus: "regional",
      defaultLanguage: "en",
      name: { en: "Wikimedia Kenya", sw: "Wikimedia Kenya (sw)" },
      summary: { en: "Editors in Kenya" },
      regions: ["KE"],
      website: "https://wikimedia.or.ke",
      manuallyApprovesFollowers: true,
    });
    const [oldKey] = await findKeyPairs(before.db, "kenya");
    const [newKey] = await findKeyPairs(db, "kenya");
    expect(newKey?.publicKey).toBeDefined();
    expect(newKey?.publicKey).not.toEqual(oldKey?.publicKey);

    const [first, reply] = await db
      .select()
      .from(posts)
      .where(eq(posts.authorIri, `${NEW}/@kenya`))
      .orderBy(asc(posts.publishedAt));
    const [oldFirst, oldReply] = written;
    expect(first).toMatchObject({
      id: oldFirst?.id,
      iri: `${NEW}/@kenya/posts/${oldFirst?.id}`,
      url: `${NEW}/@kenya/posts/${oldFirst?.id}`,
      isLocal: true,
      source: oldFirst?.source,
      visibility: "followers",
      summary: { en: "for members" },
      sensitive: true,
      hashtags: ["opendata"],
      mentions: [{ href: `${NEW}/@bob`, name: "@bob@old.test" }],
      publishedAt: oldFirst?.publishedAt,
    });
    expect(first?.contentHtml.en).toBe(
      (oldFirst?.contentHtml.en ?? "").replaceAll(`${OLD}/`, `${NEW}/`),
    );
    expect(first?.contentHtml.sw).toBe("<p>Edit-a-thon Jumamosi</p>");
    expect(reply).toMatchObject({
      visibility: "public",
      inReplyToIri: first?.iri,
      contextIri: first?.iri,
      source: oldReply?.source,
    });

    const [ana, bob] = await Promise.all(["ana", "bob"].map((h) => findPersonByHandle(db, h)));
    expect(ana?.email).toBe("ana@example.org");
    expect(await roleIn(db, space?.id ?? "", ana?.id ?? "")).toBe("owner");
    expect(await roleIn(db, space?.id ?? "", bob?.id ?? "")).toBe("editor");
    expect(await authenticate(db, "ana", PASSWORD)).toBeUndefined();
    expect(await findPersonByHandle(db, "carol")).toBeUndefined();

    const restored = await db
      .select({ from: follows.followerIri, to: follows.followeeIri, state: follows.state })
      .from(follows)
      .orderBy(asc(follows.createdAt));
    expect(restored).toEqual([
      { from: MIRA, to: `${NEW}/@kenya`, state: "accepted" },
      { from: `${NEW}/@bob`, to: `${NEW}/@kenya`, state: "accepted" },
      { from: `${NEW}/@kenya`, to: MIRA, state: "pending" },
    ]);
    const mira = await db.query.remoteActors.findFirst();
    expect(mira).toMatchObject({ iri: MIRA, inboxIri: `${MIRA}/inbox` });
  });

  it("refuses a space that exists, a malformed archive and an unknown space", async () => {
    const archive = JSON.parse(await readFile(join(dir, "kenya.json"), "utf8"));
    archive.space.handle = "kenya_two";
    archive.posts[1].visibility = "secret";
    delete archive.people[0].displayName;
    await writeFile(join(dir, "bad.json"), JSON.stringify(archive));
    await writeFile(join(dir, "not.json"), "{ this is not JSON");

    const [again, malformed, notJson, unknown, toStdout, noInput] = await Promise.all([
      hubnet(newEnv, "import", "--input", join(dir, "kenya.json")),
      hubnet(newEnv, "import", "--input", join(dir, "bad.json")),
      hubnet(newEnv, "import", "--input", join(dir, "not.json")),
      hubnet(oldEnv, "export", "--space", "nobody"),
      hubnet(oldEnv, "export", "--space", "kenya"),
      hubnet(newEnv, "import"),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has a space or person with the handle "kenya"');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain("is not a Hubnet space archive");
    expect(malformed.stderr).toContain("people[0].displayName: is required");
    expect(malformed.stderr).toMatch(/posts\[1\]\.visibility: Invalid option/);
    expect(malformed.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(await findSpaceByHandle(after.db, "kenya_two")).toBeUndefined();
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain("not.json is not JSON");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('No space has the handle "nobody".\n');
    expect(JSON.parse(toStdout.stdout)).toMatchObject({ format: "hubnet-space-export" });
    expect(toStdout.stderr).toContain("Exported @kenya");
    expect(noInput.code).toBe(64);
    expect(noInput.stderr).toContain("--input: is required");
  });
});

/** An archive's problems as the command line prints them. */
const problemsOf = (parsed: ReturnType<typeof parseArchive>) =>
  parsed.ok ? [] : parsed.problems.map(describeArchiveProblem);

describe("importing an archive (server/transfer)", () => {
  async function archiveAs(handle: string, people: SpaceArchiveJson["people"]) {
    const json = JSON.parse(await readFile(join(dir, "kenya.json"), "utf8")) as SpaceArchiveJson;
    return { ...json, space: { ...json.space, handle }, people, posts: [] };
  }

  it("gives roles to people who have an account, and skips those it cannot create", async () => {
    const parsed = parseArchive(
      await archiveAs("kenya_south", [
        {
          handle: "ana",
          displayName: "Ana",
          email: "ana@example.org",
          preferredLanguage: "en",
          role: "admin",
        },
        {
          handle: "dora",
          displayName: "Dora",
          email: "bob@example.org",
          preferredLanguage: "en",
          role: "member",
        },
        {
          handle: "kenya",
          displayName: "K",
          email: "k@example.org",
          preferredLanguage: "en",
          role: "member",
        },
      ]),
    );
    if (!parsed.ok) throw new Error(problemsOf(parsed).join("\n"));
    const result = await importSpace(after.db, NEW, parsed.archive);
    expect(result).toMatchObject({
      ok: true,
      created: [],
      existing: [{ handle: "ana" }],
      skipped: [
        { handle: "dora", reason: "email-taken" },
        { handle: "kenya", reason: "handle-is-a-space" },
      ],
    });
    const space = await findSpaceByHandle(after.db, "kenya_south");
    const ana = await findPersonByHandle(after.db, "ana");
    expect(await roleIn(after.db, space?.id ?? "", ana?.id ?? "")).toBe("admin");
  });

  it("still reads archives of version 1, written before hub content", async () => {
    const json = JSON.parse(await readFile(join(dir, "kenya.json"), "utf8")) as SpaceArchiveJson;
    const version1 = {
      ...json,
      version: 1,
      posts: json.posts.map(({ kind, title, summary, details, ...post }) => ({
        ...post,
        type: kind === "article" ? "Article" : "Note",
        summary: summary?.[post.defaultLanguage] ?? null,
      })),
    };
    const parsed = parseArchive(version1);
    if (!parsed.ok) throw new Error(problemsOf(parsed).join("\n"));
    const first = parsed.archive.posts.find((p) => p.summary != null);
    expect(first).toMatchObject({ kind: "note", title: null, summary: { en: "for members" } });
  });

  it("names what is wrong with an archive, header first", async () => {
    expect(problemsOf(parseArchive({ format: "mastodon-archive", version: 1 }))).toEqual([
      'format: must be "hubnet-space-export"',
    ]);
    expect(problemsOf(parseArchive([]))).toEqual([expect.stringMatching(/^the archive: /)]);
    const archive = await archiveAs("kenya_west", []);
    const focusless = { ...archive, space: { ...archive.space, kind: "affiliate" } };
    expect(problemsOf(parseArchive(focusless))).toEqual(["space.focus: only hubs have a focus"]);
  });
});
