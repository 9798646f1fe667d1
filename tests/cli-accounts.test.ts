import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, findPersonByHandle, roleIn } from "../server/people/people.ts";
import { personForSession, startSession } from "../server/sessions/sessions.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";
import { authenticateToken } from "../server/tokens/tokens.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { runScript } from "./helpers/spawn.ts";

// Each run of the command line costs a couple of seconds: independent runs go side by side.
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

const hubnet = (...args: string[]) => runScript("server/cli/main.ts", args, env);
const PASSWORD = "correct horse battery";

describe("hubnet space and user", () => {
  it("creates accounts and spaces, and lists them", async () => {
    const ana = await hubnet(
      "user",
      "create",
      "--handle",
      "ana",
      "--email",
      "Ana@Example.org",
      "--password",
      PASSWORD,
      "--display-name",
      "Ana Kariuki",
      "--operator",
    );
    expect(ana.stderr).toBe("");
    expect(ana.stdout).toContain("Created @ana@hub.test (an operator");
    const [bob, kenya, hub] = await Promise.all([
      hubnet("user", "create", "--handle", "bob", "--email", "bob@example.org", "--password", PASSWORD),
      hubnet("space", "create", "--handle", "kenya", "--name", "Wikimedia Kenya", "--owner", "ana"),
      hubnet(
        ...["space", "create", "--handle", "lusofonia", "--name", "Lusofonia"],
        ...["--kind", "hub", "--focus", "language", "--language", "pt-br"],
      ),
    ]);
    expect([bob.code, kenya.code, hub.code]).toEqual([0, 0, 0]);
    expect(kenya.stdout).toContain("@kenya@hub.test, owned by @ana");
    expect(await findSpaceByHandle(database.db, "lusofonia")).toMatchObject({
      kind: "hub",
      focus: "language",
      defaultLanguage: "pt-BR",
      name: { "pt-BR": "Lusofonia" },
    });

    const [spaces, people] = await Promise.all([hubnet("space", "list"), hubnet("user", "list")]);
    expect(spaces.stdout).toMatch(/^HANDLE\s+KIND\s+NAME\s+FOLLOWERS$/m);
    expect(spaces.stdout).toMatch(/^kenya\s+affiliate\s+Wikimedia Kenya\s+0$/m);
    expect(spaces.stdout).toMatch(/^lusofonia\s+hub \(language\)\s+Lusofonia\s+0$/m);
    expect(people.stdout).toMatch(/^ana\s+Ana Kariuki\s+ana@example\.org\s+yes\s+.*kenya:owner$/m);
    expect(people.stdout).toMatch(/^bob\s+bob\s+bob@example\.org\s+/m);
    expect(people.stdout).not.toContain("scrypt");
  });

  it("refuses taken handles, unknown owners and bad options", async () => {
    const [taken, email, owner, missing, focus, extra] = await Promise.all([
      hubnet("space", "create", "--handle", "ana", "--name", "Ana's space"),
      hubnet("user", "create", "--handle", "ana2", "--email", "ana@example.org", "--password", PASSWORD),
      hubnet("space", "create", "--handle", "ghana", "--name", "Ghana", "--owner", "nobody"),
      hubnet("space", "create", "--name", "No handle"),
      hubnet("space", "create", "--handle", "x", "--name", "X", "--focus", "regional"),
      hubnet("user", "list", "--all"),
    ]);
    expect([taken.code, email.code, owner.code]).toEqual([1, 1, 1]);
    expect(taken.stderr).toContain('The handle "ana" is taken');
    expect(email.stderr).toContain('"ana@example.org" already has an account');
    expect(owner.stderr).toContain('No person has the handle "nobody"');
    expect(await findSpaceByHandle(database.db, "ghana")).toBeUndefined();
    expect([missing.code, focus.code, extra.code]).toEqual([64, 64, 64]);
    expect(missing.stderr).toContain("--handle: is required");
    expect(missing.stderr).toContain("Usage: npm run hubnet -- space create");
    expect(focus.stderr).toContain("--focus: only hubs have a focus");
    expect(extra.stderr).toContain("user list takes no options");
  });

  it("sets roles, but never removes or demotes a space's last owner", async () => {
    const editor = await hubnet("user", "set-role", "--handle", "bob", "--space", "kenya", "--role", "editor");
    expect(editor.stdout).toContain("@bob is now editor of @kenya (had no role)");
    const [lastOwner, demote, badRole, nobody, help] = await Promise.all([
      hubnet("user", "set-role", "--handle", "ana", "--space", "kenya", "--role", "none"),
      hubnet("user", "set-role", "--handle", "ana", "--space", "kenya", "--role", "admin"),
      hubnet("user", "set-role", "--handle", "bob", "--space", "kenya", "--role", "boss"),
      hubnet("user", "set-role", "--handle", "nobody", "--space", "kenya", "--role", "member"),
      hubnet("user", "set-role", "--help"),
    ]);
    expect([lastOwner.code, demote.code]).toEqual([1, 1]);
    expect(lastOwner.stderr).toContain("@ana is the last owner of @kenya");
    expect(badRole.code).toBe(64);
    expect(badRole.stderr).toContain("--role: must be one of owner, admin, editor, member, none");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No person has the handle "nobody"');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--role ROLE");

    const space = await findSpaceByHandle(database.db, "kenya");
    const [ana, bob] = await Promise.all(
      ["ana", "bob"].map((h) => findPersonByHandle(database.db, h)),
    );
    expect(await roleIn(database.db, space?.id ?? "", ana?.id ?? "")).toBe("owner");
    expect(await roleIn(database.db, space?.id ?? "", bob?.id ?? "")).toBe("editor");

    // With a second owner, the first may step down; `none` removes a role.
    const promote = await hubnet("user", "set-role", "--handle", "bob", "--space", "kenya", "--role", "owner");
    expect(promote.code).toBe(0);
    const stepDown = await hubnet("user", "set-role", "--handle", "ana", "--space", "kenya", "--role", "none");
    expect(stepDown.stdout).toContain("@ana has no role in @kenya any more (was owner)");
    expect(await roleIn(database.db, space?.id ?? "", ana?.id ?? "")).toBeUndefined();
  });

  it("resets a password and signs the person out everywhere", async () => {
    const bob = await findPersonByHandle(database.db, "bob");
    const session = await startSession(database.db, bob?.id ?? "");
    const [reset, unknown] = await Promise.all([
      hubnet("user", "reset-password", "--handle", "bob", "--password", "a brand new passphrase"),
      hubnet("user", "reset-password", "--handle", "nobody", "--password", "a brand new passphrase"),
    ]);
    expect(reset.stdout).toContain("Set a new password for @bob and ended 1 session.");
    expect(await personForSession(database.db, session)).toBeUndefined();
    expect((await authenticate(database.db, "bob", "a brand new passphrase"))?.handle).toBe("bob");
    expect(await authenticate(database.db, "bob", PASSWORD)).toBeUndefined();
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No person has the handle "nobody"');
  });
});

describe("hubnet token", () => {
  it("creates a token shown once, lists it without its secret, and revokes it", async () => {
    const created = await hubnet(
      ...["token", "create", "--handle", "ana", "--name", "deploy script"],
      ...["--scopes", "read,write"],
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("it will not be shown again");
    const secret = created.stdout.match(/^hubnet_\S+$/m)?.[0] ?? "";
    const id = created.stdout.match(/\(id ([0-9a-f-]{36})\)/)?.[1] ?? "";
    expect((await authenticateToken(database.db, secret))?.token.scopes).toEqual(["read", "write"]);

    const [list, badScopes, nobody, notAnId, unknownId] = await Promise.all([
      hubnet("token", "list", "--handle", "ana"),
      hubnet("token", "create", "--handle", "ana", "--name", "x", "--scopes", "read,delete"),
      hubnet("token", "list", "--handle", "nobody"),
      hubnet("token", "revoke", "--id", "42"),
      hubnet("token", "revoke", "--id", "00000000-0000-4000-8000-000000000000"),
    ]);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+SCOPES\s+CREATED\s+LAST USED$/m);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toMatch(/deploy script\s+read,write\s+\S+ \S+\s+\S+ \S+$/m);
    expect(list.stdout).not.toContain(secret);
    expect(badScopes.code).toBe(64);
    expect(badScopes.stderr).toContain("--scopes: each scope must be one of read, write, admin");
    expect(nobody.code).toBe(1);
    expect(notAnId.code).toBe(64);
    expect(unknownId.code).toBe(1);
    expect(unknownId.stderr).toContain("No active token has the id");

    const revoked = await hubnet("token", "revoke", "--id", id);
    expect(revoked.stdout).toContain(`Revoked the token ${id}`);
    expect(await authenticateToken(database.db, secret)).toBeUndefined();
  });
});
