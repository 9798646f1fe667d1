import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { type RunningInstance, startInstance } from "../../server/runtime/instance.ts";
import { apiClient } from "../helpers/api-client.ts";
import { runCli } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { eventually } from "../helpers/federation-harness.ts";

let database: TestDatabase;
let server: RunningInstance | undefined;
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("a fresh instance, set up and filled with the command line and the API only", () => {
  it("works end to end", { timeout: 120_000 }, async () => {
    database = await createTestDatabase({ migrate: false });
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: await mkdtemp(join(tmpdir(), "hubnet-fresh-")),
      ORIGIN: origin,
    };
    const hubnet = (...args: string[]) => runCli(env, args);

    const setup = await hubnet(
      "setup",
      "--space-name",
      "East Africa Hub",
      "--space-handle",
      "eahub",
      "--space-kind",
      "hub",
      "--handle",
      "olga",
      "--email",
      "olga@example.org",
      "--password",
      "correct horse battery",
    );
    expect(setup.code, setup.stderr).toBe(0);
    const token = await hubnet(
      "token",
      "create",
      "--handle",
      "olga",
      "--name",
      "provisioning",
      "--scopes",
      "admin",
    );
    expect(token.code, token.stderr).toBe(0);
    const secret = token.stdout.match(/hubnet_[A-Za-z0-9_-]+/)?.[0];
    expect(secret).toBeDefined();

    // Loopback only: the instance may fetch from itself at 127.0.0.1.
    server = await startInstance(loadConfig({ ...env, PORT: String(port), HOST: "127.0.0.1" }), {
      allowPrivateAddress: true,
    });
    const olga = apiClient(origin, secret);

    const space = await olga("POST", "/spaces", {
      handle: "wmke",
      kind: "affiliate",
      name: { en: "Wikimedia Kenya", sw: "Wikimedia Kenya" },
      summary: { en: "Volunteers in Kenya", sw: "Wanaojitolea nchini Kenya" },
      regions: ["KE"],
      languages: ["en", "sw"],
      themes: ["education"],
    });
    expect(space.status).toBe(201);
    const person = await olga("POST", "/people", {
      handle: "kofi",
      email: "kofi@example.org",
      password: "another long one",
    });
    expect(person.status).toBe(201);
    expect((await olga("PUT", "/spaces/wmke/members/kofi", { role: "editor" })).status).toBe(200);

    const kofiToken = await hubnet(
      "token",
      "create",
      "--handle",
      "kofi",
      "--name",
      "bot",
      "--scopes",
      "write",
    );
    const kofi = apiClient(origin, kofiToken.stdout.match(/hubnet_[A-Za-z0-9_-]+/)?.[0]);
    const announcement = await kofi("POST", "/actors/wmke/posts", {
      content: { en: "Edit-a-thon on Saturday #wikikenya", sw: "Edit-a-thon Jumamosi #wikikenya" },
    });
    expect(announcement.status).toBe(201);

    expect(
      (await olga("POST", "/actors/olga/following", { target: `${origin}/@wmke` })).status,
    ).toBe(200);
    await eventually(async () => {
      const timeline = await olga("GET", "/timeline");
      expect(timeline.json.items.map((p: { id: string }) => p.id)).toContain(announcement.json.id);
    });
    const reply = await olga("POST", "/actors/olga/posts", {
      content: { en: "See you there" },
      inReplyToIri: announcement.json.iri,
    });
    expect(reply.status).toBe(201);
    expect((await olga("PUT", `/posts/${announcement.json.id}/like`)).status).toBe(200);

    const replies = await kofi("GET", `/posts/${announcement.json.id}/replies`);
    expect(replies.json.items).toHaveLength(1);
    // Notifications of a space are for its owners and admins (kofi, an editor, may not read them).
    expect((await kofi("GET", "/notifications?as=wmke")).status).toBe(403);
    const notes = await olga("GET", "/notifications?as=wmke");
    expect(notes.json.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(["follow", "reply", "like"]),
    );
    const listed = await hubnet("space", "list");
    expect(listed.stdout).toContain("wmke");
    expect(listed.stdout).toContain("eahub");
  });
});
