import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPersonByHandle, roleIn } from "../server/people/people.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";
import { runCli } from "./helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  env = { DATABASE_URL: database.url, DATA_DIR: await mkdtemp(join(tmpdir(), "hubnet-cli-")) };
});
afterAll(() => database.drop());

const hubnet = (...args: string[]) => runCli(env, args);

describe("npm run hubnet", () => {
  it("lists its commands, and each explains itself with --help", async () => {
    const help = await hubnet("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("setup");
    const setupHelp = await hubnet("setup", "--help");
    expect(setupHelp.code).toBe(0);
    expect(setupHelp.stdout).toContain("--space-name");
  });

  it("refuses an unknown command or option and missing values with exit code 64", async () => {
    const unknown = await hubnet("frobnicate");
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const bogus = await hubnet("setup", "--bogus", "1");
    expect(bogus.code).toBe(64);
    expect(bogus.stderr).toContain("--bogus");
    const missing = await hubnet("setup", "--space-name", "Wikimedia Kenya");
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain("--handle: is required");
  });

  it("migrates a database, then sets up the instance without a browser, once", async () => {
    const migrate = await hubnet("migrate");
    expect(migrate.code).toBe(0);
    const setup = await hubnet(
      "setup",
      "--space-name",
      "Wikimedia Brasil",
      "--space-kind",
      "hub",
      "--language",
      "pt-br",
      "--handle",
      "bia",
      "--email",
      "Bia@Example.org",
      "--password",
      "uma senha bem longa",
    );
    expect(setup.stderr).toBe("");
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain("@wikimedia_brasil@localhost:3000");

    const space = await findSpaceByHandle(database.db, "wikimedia_brasil");
    expect(space).toMatchObject({
      kind: "hub",
      defaultLanguage: "pt-BR",
      name: { "pt-BR": "Wikimedia Brasil" },
    });
    const person = await findPersonByHandle(database.db, "bia");
    expect(person?.email).toBe("bia@example.org");
    expect(person?.passwordHash).toMatch(/^scrypt\$/);
    expect(await roleIn(database.db, space?.id ?? "", person?.id ?? "")).toBe("owner");

    const again = await hubnet(
      "setup",
      "--space-name",
      "Another",
      "--handle",
      "carl",
      "--email",
      "carl@example.org",
      "--password",
      "another long one",
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already set up");
  });
});
