import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFederationFor } from "../federation/federation.ts";
import { followAs } from "../server/cli/follow.ts";
import { loadConfig } from "../server/config.ts";
import type { Deps } from "../server/deps.ts";
import { findFollow } from "../server/follows/follows.ts";
import { foundSpace } from "../server/spaces/founding.ts";
import { NewSpaceInput } from "../server/spaces/spaces.ts";
import { HUBNET_VERSION } from "../server/version.ts";
import { runCli } from "./helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { MIRA, startFakeMastodon } from "./helpers/fake-mastodon.ts";
import { eventually, serveHost, stopAll } from "./helpers/federation-harness.ts";

/**
 * `follow` looks its target up on the network, which the command line only does for public
 * addresses. So the follows that succeed run in this process (through `followAs`, what the command
 * runs once its arguments are checked) against stand-in servers on loopback; the command line
 * itself is driven for its refusals and for `queue status`.
 */
let database: TestDatabase;
let deps: Deps;
let env: Record<string, string>;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
const KENYA = "https://hub.test/@kenya";
const DOWN = "https://down.test/users/dan";

beforeAll(async () => {
  database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "hubnet-cli-"));
  env = { DATABASE_URL: database.url, DATA_DIR: dataDir, ORIGIN: "https://hub.test" };
  deps = {
    config: loadConfig(env),
    db: database.db,
    sql: database.sql,
    secretKey: "test-secret-key-test-secret-key-test-secret",
    version: HUBNET_VERSION,
    allowPrivateAddress: true,
  };
  const space = NewSpaceInput.parse({ handle: "kenya", name: { en: "Wikimedia Kenya" } });
  await foundSpace(database.db, space, undefined);
  mastodon = await startFakeMastodon();
  // A server whose actor can be looked up but whose inbox fails (500), as one that is down.
  await serveHost("down", (request) =>
    request.method === "GET" && new URL(request.url).pathname === "/users/dan"
      ? Response.json(
          {
            "@context": "https://www.w3.org/ns/activitystreams",
            id: DOWN,
            type: "Person",
            preferredUsername: "dan",
            inbox: `${DOWN}/inbox`,
          },
          { headers: { "content-type": "application/activity+json" } },
        )
      : new Response("Internal Server Error", { status: 500 }),
  );
});
afterAll(async () => {
  await stopAll();
  await database.drop();
});

const hubnet = (...args: string[]) => runCli(env, args);
const queued = () =>
  database.sql<{ inbox: string; type: string; attempt: number }[]>`
    SELECT message->>'inbox' AS inbox, message->>'activityType' AS type,
           (message->>'attempt')::int AS attempt
    FROM queue_messages ORDER BY id`;

describe("hubnet follow", () => {
  it("records a pending follow and queues the Follow for the running server to deliver", async () => {
    expect(await followAs(deps, "kenya", "@mira@mastodon.test")).toEqual({
      ok: true,
      targetIri: MIRA,
      state: "pending",
    });
    expect((await findFollow(database.db, KENYA, MIRA))?.state).toBe("pending");
    expect(await queued()).toEqual([
      {
        inbox: "https://mastodon.test/inbox",
        type: "https://www.w3.org/ns/activitystreams#Follow",
        attempt: 0,
      },
    ]);
    expect(mastodon.received).toEqual([]); // nothing is delivered until a queue runs
    expect(await followAs(deps, "nobody", "@mira@mastodon.test")).toEqual({
      ok: false,
      reason: "no-local-actor",
    });
  });
});

describe("hubnet queue status", () => {
  it("shows what waits, by activity, and the hosts whose deliveries fail", async () => {
    expect(await followAs(deps, "kenya", DOWN)).toMatchObject({ ok: true, state: "pending" });
    // The server's queue delivers both Follows: mastodon.test takes its own, down.test fails.
    const federation = createFederationFor(deps);
    const stop = new AbortController();
    const running = federation.startQueue(deps, { signal: stop.signal });
    await eventually(async () => {
      expect(mastodon.received.map((a) => a.type)).toEqual(["Follow"]);
      const [retry] = await queued();
      expect(retry).toMatchObject({ inbox: `${DOWN}/inbox` });
      expect(retry?.attempt).toBeGreaterThan(0);
    });
    stop.abort();
    await running;

    const [status, unknownActor, unknownTarget, noTarget] = await Promise.all([
      hubnet("queue", "status"),
      hubnet("follow", "--as", "nobody", "--target", "@mira@mastodon.test"),
      hubnet("follow", "--as", "kenya", "--target", "@nobody@nowhere.invalid"),
      hubnet("follow", "--as", "kenya"),
    ]);
    expect(status.stderr).toBe("");
    expect(status.stdout).toMatch(/^Queued: 1 \(ready: [01], delayed: [01]\), being handled: 0$/m);
    expect(status.stdout).toMatch(/^outbox\s+Follow\s+1$/m);
    expect(status.stdout).toMatch(/^HOST\s+CIRCUIT\s+RECENT FAILURES\s+LAST FAILURE\s+RETRYING/m);
    // Fedify's circuit breaker counted the failure; it opens after several within minutes.
    expect(status.stdout).toMatch(/^down\.test\s+closed\s+[1-9]\d*\s+\S+ \S+\s+1\s+[1-9]\d*$/m);
    expect(status.stdout).not.toContain("mastodon.test");

    expect(unknownActor.code).toBe(1);
    expect(unknownActor.stderr).toBe('No local space or person has the handle "nobody".\n');
    expect(unknownTarget.code).toBe(1);
    // One line that says what happened, without Fedify's stack trace.
    expect(unknownTarget.stderr).toBe(
      "@nobody@nowhere.invalid was not found: nothing answered as an actor there (check the spelling, and that its server is up).\n",
    );
    expect(noTarget.code).toBe(64);
    expect(noTarget.stderr).toContain("--target: is required");
  });
});
