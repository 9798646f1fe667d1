import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, tokenFor } from "./helpers/api-client.ts";
import { runCli } from "./helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { eventually } from "./helpers/federation-harness.ts";
import { type RunningScript, startScript } from "./helpers/spawn.ts";

/**
 * One instance on its default kind of address (http://localhost:PORT, no private addresses
 * allowed), used by two people and two spaces the way a small team would: everything one local
 * actor does to another takes effect directly, nothing is sent over HTTP to itself, and the
 * server's log stays free of warnings and errors the whole time.
 */
let database: TestDatabase;
let server: RunningScript;
let origin: string;
let host: string;
let dataDir: string;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), "hubnet-local-"));
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  host = `localhost:${port}`;
  origin = `http://${host}`;
  const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, ORIGIN: origin, PORT: String(port) };
  const setup = await runCli(
    env,
    [
      ...["setup", "--space-name", "Wikimedia Kenya", "--space-handle", "kenya"],
      ...["--handle", "ana", "--email", "ana@example.org", "--password-stdin"],
    ],
    `${PASSWORD}\n`,
  );
  expect(setup.code, setup.stderr).toBe(0);
  expect(
    (
      await runCli(
        env,
        ["user", "create", "--handle", "bob", "--email", "bob@example.org", "--password-stdin"],
        `${PASSWORD}\n`,
      )
    ).code,
  ).toBe(0);
  expect(
    (
      await runCli(env, [
        ...["space", "create", "--handle", "eahub", "--name", "East Africa Hub"],
        ...["--kind", "hub", "--focus", "regional", "--owner", "bob"],
      ])
    ).code,
  ).toBe(0);
  server = startScript("server/main.ts", { ...env, LOG_LEVEL: "info" });
  await server.waitFor(/listening on/);
}, 300_000);

afterAll(async () => {
  if (server.child.exitCode == null) server.child.kill("SIGKILL");
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a full session on one instance", () => {
  it("follows, posts, replies, reacts, answers and votes locally, with a clean log", {
    timeout: 300_000,
  }, async () => {
    const ana = apiClient(origin, await tokenFor({ deps: database }, "ana"));
    const bob = apiClient(origin, await tokenFor({ deps: database }, "bob"));

    // Follows between local actors, by handle and by URL, accepted at once.
    const followed = await bob("POST", "/actors/bob/following", { target: `@kenya@${host}` });
    expect(followed.json).toEqual({ target: `${origin}/@kenya`, state: "accepted" });
    const back = await ana("POST", "/actors/kenya/following", { target: `${origin}/@eahub` });
    expect(back.json).toEqual({ target: `${origin}/@eahub`, state: "accepted" });
    expect(
      (await ana("POST", "/actors/kenya/following", { target: `@kenya@${host}` })).status,
    ).toBe(422);
    // Another instance on this machine is a private address, refused with the reason.
    const elsewhere = await ana("POST", "/actors/kenya/following", { target: "@x@localhost:1" });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json.error.message).toContain("private network");

    const note = await ana("POST", "/actors/kenya/posts", {
      content: { en: `Edit-a-thon on Saturday, @bob@${host} leads it` },
    });
    expect(note.status).toBe(201);
    const event = await ana("POST", "/actors/kenya/posts", {
      kind: "event",
      title: { en: "Hub call" },
      details: {
        startTime: "2027-01-15T14:00:00+03:00",
        endTime: "2027-01-15T15:00:00+03:00",
        timeZone: "Africa/Nairobi",
        onlineUrl: "https://meet.example.org/hub",
      },
    });
    const proposal = await ana("POST", "/actors/kenya/posts", {
      kind: "proposal",
      title: { en: "Which day?" },
      details: {
        choice: "single",
        options: [{ en: "Friday" }, { en: "Saturday" }],
        endTime: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });

    // Bob sees it at home, answers, likes, boosts, RSVPs and votes.
    const home = await bob("GET", "/timeline");
    expect(home.json.items.map((p: { id: string }) => p.id)).toContain(note.json.id);
    const reply = await bob("POST", "/actors/bob/posts", {
      content: { en: "Count me in" },
      inReplyToIri: note.json.iri,
    });
    expect(reply.status).toBe(201);
    expect((await bob("PUT", `/posts/${note.json.id}/like`)).status).toBe(200);
    expect((await bob("PUT", `/posts/${note.json.id}/boost`)).status).toBe(200);
    const rsvp = await bob("PUT", `/posts/${event.json.id}/rsvp`, { status: "going" });
    expect(rsvp.json).toMatchObject({ going: 1, mine: "going" });
    expect((await bob("POST", `/posts/${proposal.json.id}/votes`, { choices: [1] })).status).toBe(
      201,
    );

    // Each reached its local recipient directly.
    const kinds = (await ana("GET", "/notifications?as=kenya")).json.items.map(
      (n: { kind: string }) => n.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(["follow", "reply", "like", "boost"]));
    const bobs = (await bob("GET", "/notifications")).json.items.map(
      (n: { kind: string }) => n.kind,
    );
    expect(bobs).toContain("mention");
    const eahub = (await bob("GET", "/notifications?as=eahub")).json.items;
    expect(eahub.map((n: { kind: string }) => n.kind)).toContain("follow");
    const results = await ana("GET", `/posts/${proposal.json.id}/results`);
    expect(results.json.voters).toBe(1);

    // Nothing was queued for delivery: nobody here lives elsewhere.
    await eventually(async () => {
      const [row] = await database.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM queue_messages`;
      expect(row?.n).toBe(0);
    });

    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
    const log = server.output();
    expect(log).not.toMatch(/ (WRN|ERR|FTL) /);
    expect(log).not.toMatch(/^\s+at /m);
  });
});
