import { format } from "node:util";
import { getLogger, reset } from "@logtape/logtape";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { people } from "../db/schema.ts";
import { configureLogging } from "../server/logging.ts";
import { createPerson, NewPersonInput } from "../server/people/people.ts";
import { createToken } from "../server/tokens/tokens.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
const tokens: Record<string, string> = {};
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test", { RATE_LIMIT_WRITES: "1000" });
  const { owner } = await setUpInstance(hub);
  const bo = await createPerson(
    hub.deps.db,
    NewPersonInput.parse({ handle: "bo", email: "bo@example.org", password: "a long password" }),
  );
  if (!bo.ok) throw new Error(bo.reason);
  for (const [handle, id] of [
    ["ana", owner.id],
    ["bo", bo.person.id],
  ] as const)
    tokens[handle] = (
      await createToken(hub.deps.db, id, { name: "t", scopes: ["read", "write"] })
    ).secret;
});
afterAll(() => hub.close());

async function call(who: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  const response = await hub.request(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

describe("?as= shows a vote or an answer only to those who may act for that actor", () => {
  it("a space's vote and RSVP, read by its owner, by someone else and by nobody", async () => {
    const proposal = await call("ana", "POST", "/actors/wmke/posts", {
      kind: "proposal",
      title: { en: "Join the regional hub?" },
      details: { options: [{ en: "Yes" }, { en: "No" }], endTime: inADay(), votingMode: "space" },
    });
    const event = await call("ana", "POST", "/actors/wmke/posts", {
      kind: "event",
      title: { en: "Assembly" },
      details: { startTime: inADay(), endTime: inADay(), onlineUrl: "https://meet.example.org/a" },
    });
    const p = proposal.json.id;
    const e = event.json.id;
    expect((await call("ana", "POST", `/posts/${p}/votes?as=wmke`, { choices: [1] })).status).toBe(
      201,
    );
    expect((await call("ana", "PUT", `/posts/${e}/rsvp?as=wmke`, { status: "maybe" })).status).toBe(
      200,
    );

    expect((await call("ana", "GET", `/posts/${p}/results?as=wmke`)).json.mine).toEqual([1]);
    expect((await call("ana", "GET", `/posts/${e}/rsvps?as=wmke`)).json.mine).toBe("maybe");
    for (const path of [`/posts/${p}/results?as=wmke`, `/posts/${e}/rsvps?as=wmke`]) {
      const other = await call("bo", "GET", path);
      expect(other.status).toBe(403);
      expect(JSON.stringify(other.json)).not.toMatch(/maybe|\[1\]/);
      expect((await call(null, "GET", path)).status).toBe(401);
    }
    // Nor someone else's own answer.
    expect((await call("bo", "GET", `/posts/${e}/rsvps?as=ana`)).status).toBe(403);
    // The counts stay public.
    expect((await call("bo", "GET", `/posts/${e}/rsvps`)).json).toMatchObject({
      maybe: 1,
      mine: null,
    });
  });
});

describe("after signing in, only a path on this site", () => {
  const signIn = async (next: string) => {
    const browser = new FormClient(hub);
    const page = await (await browser.get(`/login?next=${encodeURIComponent(next)}`)).text();
    const token = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const kept = page.match(/name="next" value="([^"]*)"/)?.[1];
    const response = await browser.post("/login", {
      _csrf: token,
      login: "ana",
      password: "correct horse battery",
      next,
    });
    return { kept, status: response.status, location: response.headers.get("location") };
  };

  for (const next of [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: a=b",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "/a/..//evil.example",
    "javascript:alert(1)",
    " /home",
  ])
    it(`refuses ${JSON.stringify(next)}`, async () => {
      const { kept, status, location } = await signIn(next);
      expect(kept).toBe("/");
      expect(status).toBe(303);
      expect(location).toBe("/");
    });

  it("keeps a local path with its query", async () => {
    const { status, location } = await signIn("/lessons?kind=failure#top");
    expect(status).toBe(303);
    expect(location).toBe("/lessons?kind=failure#top");
  });
});

describe("the log", () => {
  afterAll(() => reset());

  it("holds one warning line, not a stack trace, for an activity Fedify could not parse", async () => {
    const written: string[] = [];
    for (const method of ["debug", "info", "warn", "error", "log"] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(format(...args));
      });
    await configureLogging("info");
    const hostile = { type: "Create", published: "yesterday", secret: "the whole document" };
    getLogger(["fedify", "federation", "inbox"]).error("Failed to parse activity:\n{error}", {
      activity: hostile,
      error: new RangeError("Invalid ISO 8601 string: yesterday"),
    });
    vi.restoreAllMocks();
    const log = written.join("\n");
    expect(log).toMatch(
      /WRN.*could not be parsed: '?RangeError: Invalid ISO 8601 string: yesterday/,
    );
    expect(log).not.toMatch(/ERR|\bat \S+ \(/);
    expect(log).not.toContain("the whole document");
  });

  it("never holds the values of a failed query, database details or a URL's password", async () => {
    const written: string[] = [];
    for (const method of ["debug", "info", "warn", "error", "log"] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        // As Node's console writes them, error causes and properties included.
        written.push(format(...args));
      });
    await configureLogging("info");
    const logger = getLogger(["hubnet", "test"]);
    const [ana] = await hub.deps.db.select().from(people).where(sql`handle = 'ana'`);
    // A unique violation: drizzle's message lists every parameter, PostgreSQL's detail the key.
    const duplicate = await hub.deps.db
      .insert(people)
      .values({
        handle: "ana2",
        email: "ana@example.org",
        displayName: "A",
        passwordHash: ana?.passwordHash ?? "",
      })
      .catch((error: unknown) => error);
    logger.error("Unhandled error on POST /people: {error}", { error: duplicate });
    const typed = await hub.deps.db
      .execute(sql`SELECT ${"ana@example.org"}::integer`)
      .catch((error: unknown) => error);
    logger.error("Failed: {error}", { error: typed });
    logger.info("Connecting to {url}", { url: "postgres://hubnet:s3cret-pw@db:5432/hubnet" });
    logger.warning("Queue at redis://:r3dis-pw@cache:6379/0 is slow");
    vi.restoreAllMocks();

    const log = written.join("\n");
    expect(log).toContain("Failed query");
    expect(log).toContain("people_email_unique");
    expect(log).toContain("postgres://hubnet:***@db:5432/hubnet");
    for (const secret of ["ana@example.org", ana?.passwordHash, "s3cret-pw", "r3dis-pw"])
      expect(log).not.toContain(secret);
  });
});
