import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, findPersonByHandle, roleIn } from "../server/people/people.ts";
import { personForSession, startSession } from "../server/sessions/sessions.ts";
import { changeRole } from "../server/spaces/roles.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";
import { authenticateToken } from "../server/tokens/tokens.ts";
import { runCli } from "./helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

// Each run of the command line takes seconds (mostly loading modules), so the story is told in
// few steps, and the runs that do not depend on each other go side by side.
let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url,
    DATA_DIR: await mkdtemp(join(tmpdir(), "hubnet-cli-")),
    ORIGIN: "https://hub.test",
  };
});
afterAll(() => database.drop());

const hubnet = (...args: string[]) => runCli(env, args);
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase";

describe("an operator manages accounts, spaces, roles and tokens from the command line", () => {
  let tokenId = "";
  let secret = "";

  it("creates accounts and a space, lists them, gives a role and a token", async () => {
    const ana = await hubnet(
      ...["user", "create", "--handle", "ana", "--email", "Ana@Example.org"],
      ...["--password", PASSWORD, "--display-name", "Ana Kariuki", "--instance-role", "admin"],
    );
    expect(ana.stderr).toBe("");
    expect(ana.stdout).toContain("Created @ana@hub.test (admin of this instance)");

    const [space, bob] = await Promise.all([
      hubnet(
        ...["space", "create", "--handle", "kenya", "--name", "Wikimedia Kenya"],
        ...["--kind", "hub", "--focus", "regional", "--language", "sw", "--owner", "ana"],
      ),
      hubnet(
        "user",
        "create",
        "--handle",
        "bob",
        "--email",
        "bob@example.org",
        "--password",
        PASSWORD,
      ),
    ]);
    expect(space.stdout).toContain("Created the hub @kenya@hub.test, owned by @ana.");
    expect(bob.code).toBe(0);
    expect(await findSpaceByHandle(database.db, "kenya")).toMatchObject({
      kind: "hub",
      focus: "regional",
      defaultLanguage: "sw",
      name: { sw: "Wikimedia Kenya" },
    });

    const [spaces, people, role, token] = await Promise.all([
      hubnet("space", "list"),
      hubnet("user", "list"),
      hubnet("user", "set-role", "--handle", "bob", "--space", "kenya", "--role", "editor"),
      hubnet(
        "token",
        "create",
        "--handle",
        "ana",
        "--name",
        "deploy script",
        "--scopes",
        "read,write",
      ),
    ]);
    expect(spaces.stdout).toMatch(/^HANDLE\s+KIND\s+NAME\s+FOLLOWERS$/m);
    expect(spaces.stdout).toMatch(/^kenya\s+hub \(regional\)\s+Wikimedia Kenya\s+0$/m);
    expect(people.stdout).toMatch(
      /^ana\s+Ana Kariuki\s+ana@example\.org\s+admin\s+.*kenya:owner$/m,
    );
    expect(people.stdout).toMatch(/^bob\s+bob\s+bob@example\.org\s+/m);
    expect(people.stdout).not.toContain("scrypt");
    expect(role.stdout).toContain("@bob is now editor of @kenya (had no role).");
    expect(token.stdout).toContain("Copy it now: it will not be shown again.");
    secret = token.stdout.match(/^hubnet_\S+$/m)?.[0] ?? "";
    tokenId = token.stdout.match(/\(id ([0-9a-f-]{36})\)/)?.[1] ?? "";
    expect((await authenticateToken(database.db, secret))?.token.scopes).toEqual(["read", "write"]);
  });

  it("resets a password, lists tokens without secrets, and refuses what it cannot do", async () => {
    const bob = await findPersonByHandle(database.db, "bob");
    const session = await startSession(database.db, bob?.id ?? "");
    const [reset, tokens, ...refused] = await Promise.all([
      hubnet("user", "reset-password", "--handle", "bob", "--password", NEW_PASSWORD),
      hubnet("token", "list", "--handle", "ana"),
      hubnet("space", "create", "--handle", "ana", "--name", "Taken by a person"),
      hubnet(
        "user",
        "create",
        "--handle",
        "ana2",
        "--email",
        "ana@example.org",
        "--password",
        PASSWORD,
      ),
      hubnet("user", "reset-password", "--handle", "nobody", "--password", NEW_PASSWORD),
      hubnet("user", "set-role", "--handle", "ana", "--space", "kenya", "--role", "none"),
      hubnet("token", "revoke", "--id", "00000000-0000-4000-8000-000000000000"),
      hubnet("space", "create", "--name", "No handle"),
      hubnet("user", "set-role", "--handle", "bob", "--space", "kenya", "--role", "boss"),
      hubnet("token", "create", "--handle", "ana", "--name", "x", "--scopes", "read,delete"),
    ]);
    expect(reset.stdout).toContain("Set a new password for @bob and ended 1 session.");
    expect(await personForSession(database.db, session)).toBeUndefined();
    expect((await authenticate(database.db, "bob", NEW_PASSWORD))?.handle).toBe("bob");
    expect(await authenticate(database.db, "bob", PASSWORD)).toBeUndefined();

    expect(tokens.stdout).toMatch(/^ID\s+NAME\s+SCOPES\s+CREATED\s+LAST USED$/m);
    expect(tokens.stdout).toMatch(new RegExp(`^${tokenId}\\s+deploy script\\s+read,write\\s`, "m"));
    expect(tokens.stdout).not.toContain(secret);

    expect(refused.map((r) => [r.code, r.stderr.split("\n")[0]])).toEqual([
      [1, 'The handle "ana" is taken (by a space or a person).'],
      [1, 'The email address "ana@example.org" already has an account.'],
      [1, 'No person has the handle "nobody".'],
      [1, "@ana is the last owner of @kenya; make someone else owner first."],
      [1, "No active token has the id 00000000-0000-4000-8000-000000000000."],
      [64, "--handle: is required"],
      [64, "--role: must be one of owner, admin, editor, member, none"],
      [64, "--scopes: each scope must be one of read, write, admin"],
    ]);
    // A usage mistake shows the subcommand's own help.
    expect(refused[5]?.stderr).toContain("Usage: npm run hubnet -- space create --handle HANDLE");
    const space = await findSpaceByHandle(database.db, "kenya");
    expect(await roleIn(database.db, space?.id ?? "", bob?.id ?? "")).toBe("editor");
  });

  it("revokes a token at once", async () => {
    const revoked = await hubnet("token", "revoke", "--id", tokenId);
    expect(revoked.stdout).toContain(`Revoked the token ${tokenId}.`);
    expect(await authenticateToken(database.db, secret)).toBeUndefined();
  });
});

describe("roles in a space (the rule behind `user set-role`)", () => {
  it("lets an owner step down only once another owner remains; `none` removes a role", async () => {
    const space = await findSpaceByHandle(database.db, "kenya");
    const ana = await findPersonByHandle(database.db, "ana");
    expect(await changeRole(database.db, "kenya", "ana", "admin")).toEqual({
      ok: false,
      reason: "last-owner",
    });
    expect(await changeRole(database.db, "kenya", "bob", "owner")).toMatchObject({
      ok: true,
      previous: "editor",
    });
    expect(await changeRole(database.db, "kenya", "ana", "none")).toMatchObject({
      ok: true,
      previous: "owner",
    });
    expect(await roleIn(database.db, space?.id ?? "", ana?.id ?? "")).toBeUndefined();
    expect(await changeRole(database.db, "kenya", "bob", "member")).toMatchObject({
      reason: "last-owner",
    });
    expect(await changeRole(database.db, "nowhere", "bob", "member")).toMatchObject({
      reason: "space-not-found",
    });
  });
});
