import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/spawn.ts";

const copies: string[] = [];
afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the project's sources, sharing its node_modules, as a fresh checkout would be. */
async function checkout(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hubnet-build-"));
  copies.push(dir);
  for (const entry of ["server", "federation", "db", "web"])
    await cp(join(ROOT, entry), join(dir, entry), { recursive: true });
  for (const file of ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"])
    await cp(join(ROOT, file), join(dir, file));
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const build = (dir: string) =>
  spawnSync(process.execPath, ["server/build.mjs"], { cwd: dir, encoding: "utf8" });

describe("the production build (server/build.mjs)", () => {
  it("compiles once, skips when nothing changed, and rebuilds after any source change", {
    timeout: 180_000,
  }, async () => {
    const dir = await checkout();
    const first = build(dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain("Building Hubnet");
    const version = await readFile(join(dir, "dist/server/version.js"), "utf8");
    expect(version).toContain("package.json");
    // What the compiled server reads beside itself at run time is there too.
    expect(await readFile(join(dir, "dist/db/migrations/meta/_journal.json"), "utf8")).toContain(
      "entries",
    );
    expect(await readFile(join(dir, "dist/web/static/style.css"), "utf8")).not.toBe("");

    const again = build(dir);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe("");

    await writeFile(
      join(dir, "server/version.ts"),
      `${await readFile(join(dir, "server/version.ts"), "utf8")}\nexport const CHANGED = 1;\n`,
    );
    const rebuilt = build(dir);
    expect(rebuilt.stderr).toContain("Building Hubnet");
    expect(await readFile(join(dir, "dist/server/version.js"), "utf8")).toContain("CHANGED");
  });
});
