import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileReport } from "../server/moderation/reports.ts";
import { findPersonByHandle } from "../server/people/people.ts";
import { personForSession, startSession } from "../server/sessions/sessions.ts";
import { authenticateToken, createToken } from "../server/tokens/tokens.ts";
import { runCli } from "./helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url,
    DATA_DIR: await mkdtemp(join(tmpdir(), "hubnet-cli-")),
    ORIGIN: "https://hub.test",
  };
  const setup = await hubnet(
    ...["setup", "--space-name", "Wikimedia Kenya", "--space-handle", "kenya"],
    ...["--handle", "ana", "--email", "ana@example.org", "--password", "correct horse battery"],
  );
  expect(setup.code).toBe(0);
});
afterAll(() => database.drop());

const hubnet = (...args: string[]) => runCli(env, args);

describe("an operator moderates from the command line", () => {
  it("blocks domains, runs the allowlist, and every change is in the log", async () => {
    const blocked = await hubnet(
      ...["domain", "block", "--domain", "Spam.Example", "--level", "suspend"],
      ...["--reason", "Spam waves"],
    );
    expect(blocked.stdout).toContain("Blocked spam.example (suspend).");
    expect(blocked.stdout).toContain("Deleted what was stored from it: 0 posts");
    const wrong = await hubnet("domain", "block", "--domain", "not a domain", "--level", "silence");
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain("--domain: must be a domain name");
    const own = await hubnet("domain", "block", "--domain", "hub.test", "--level", "silence");
    expect(own.stderr).toContain("own domain cannot be blocked");

    expect((await hubnet("domain", "allow", "--domain", "friends.example")).code).toBe(0);
    expect((await hubnet("domain", "allowlist", "--on", "--reason", "Closed pilot")).stdout).toBe(
      "Allowlist mode is now on.\n",
    );
    const list = await hubnet("domain", "list");
    expect(list.stdout).toMatch(/^spam\.example\s+suspend\s+\S+ \S+\s+Spam waves$/m);
    expect(list.stdout).toContain("Allowlist mode is on: only friends.example federate.");

    const log = await hubnet("moderation-log");
    expect(log.stdout).toMatch(/allowlist-on\s+\*\s+Closed pilot/);
    expect(log.stdout).toMatch(/domain-allowed\s+friends\.example/);
    expect(log.stdout).toMatch(/domain-suspended\s+spam\.example\s+Spam waves/);
  });

  it("gives instance roles, suspends and restores an account, and keeps one admin", async () => {
    await hubnet(
      ...["user", "create", "--handle", "bob", "--email", "bob@example.org"],
      ...["--password", "a long password"],
    );
    const bob = await findPersonByHandle(database.db, "bob");
    if (bob == null) throw new Error("no bob");
    const session = await startSession(database.db, bob.id);
    const { secret } = await createToken(database.db, bob.id, { name: "t", scopes: ["read"] });

    const suspended = await hubnet("user", "suspend", "--handle", "bob", "--reason", "Spam");
    expect(suspended.stdout).toContain("Suspended @bob");
    expect(await personForSession(database.db, session)).toBeUndefined();
    expect(await authenticateToken(database.db, secret)).toBeUndefined();
    expect((await hubnet("user", "list")).stdout).toMatch(/^bob\s.*\ssuspended\s/m);
    expect((await hubnet("user", "unsuspend", "--handle", "bob")).stdout).toContain(
      "@bob may sign in again.",
    );

    const lastAdmin = await hubnet(
      "user",
      "set-instance-role",
      "--handle",
      "ana",
      "--role",
      "none",
    );
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toContain("at least one admin");
    const moderator = await hubnet(
      ...["user", "set-instance-role", "--handle", "bob", "--role", "moderator"],
    );
    expect(moderator.stdout).toContain("@bob is now moderator of this instance.");
    // A moderator is not suspended: the role goes first.
    expect((await hubnet("user", "suspend", "--handle", "bob")).stderr).toContain(
      "take their instance role away first",
    );
  });

  it("blocks in a space, resolves a report, deletes an account for good", async () => {
    const block = await hubnet(
      ...["space", "block", "--space", "kenya", "--target", "noisy.example"],
      ...["--reason", "Floods our replies"],
    );
    expect(block.stdout).toContain("@kenya blocks noisy.example; 0 follows ended.");
    expect((await hubnet("space", "blocks", "--space", "kenya")).stdout).toMatch(
      /^noisy\.example\s+domain\s+.*Floods our replies$/m,
    );
    expect(
      (await hubnet("space", "unblock", "--space", "kenya", "--target", "noisy.example")).code,
    ).toBe(0);

    const ana = await findPersonByHandle(database.db, "ana");
    if (ana == null) throw new Error("no ana");
    const report = await fileReport(
      database.db,
      ana.id,
      { actorIri: "https://elsewhere.example/users/troll", objectIris: [] },
      { category: "abuse", comment: "Insults in replies" },
    );
    expect((await hubnet("report", "list")).stdout).toMatch(
      new RegExp(
        `^${report.id}\\s+\\S+ \\S+\\s+https://elsewhere\\.example/users/troll\\s+abuse\\s+0\\s+here$`,
        "m",
      ),
    );
    const refused = await hubnet(
      ...["report", "resolve", "--id", report.id, "--action", "remove-content"],
    );
    expect(refused.stderr).toContain("names no post to remove");
    const resolved = await hubnet(
      ...["report", "resolve", "--id", report.id, "--action", "none", "--note", "Not abuse"],
    );
    expect(resolved.stdout).toContain(
      "Resolved the report about https://elsewhere.example/users/troll (none).",
    );
    expect((await hubnet("report", "show", "--id", report.id)).stdout).toContain(
      "Note:      Not abuse",
    );
    expect((await hubnet("report", "list")).stdout).toBe("No open reports.\n");

    await hubnet("user", "set-instance-role", "--handle", "bob", "--role", "none");
    const deleted = await hubnet("user", "delete", "--handle", "bob", "--reason", "Asked to leave");
    expect(deleted.stdout).toContain("Deleted @bob");
    expect(await findPersonByHandle(database.db, "bob")).toBeUndefined();
    const again = await hubnet(
      ...["user", "create", "--handle", "bob", "--email", "bob2@example.org"],
      ...["--password", "a long password"],
    );
    expect(again.stderr).toContain('The handle "bob" is taken');
    expect((await hubnet("moderation-log")).stdout).toMatch(
      /account-deleted\s+@bob\s+Asked to leave/,
    );
  });
});
