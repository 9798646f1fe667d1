import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../db/embedded.ts";

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function dataFolder() {
  const folder = await mkdtemp(join(tmpdir(), "hubnet-embedded-"));
  await chmod(folder, 0o755);
  folders.push(folder);
  return join(folder, "postgres");
}

async function query(url: string, text: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql.unsafe(text);
  } finally {
    await sql.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("initialises on first start and keeps its data for the next", async () => {
    const directory = await dataFolder();
    const first = await startEmbeddedPostgres(directory);
    await first.createDatabase("hubnet");
    await query(
      first.urlFor("hubnet"),
      "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')",
    );
    await first.stop();

    const second = await startEmbeddedPostgres(directory);
    const rows = await query(second.urlFor("hubnet"), "SELECT v FROM kept");
    expect(rows).toEqual([{ v: "still here" }]);
    await second.stop();
  });

  it("starts again after a crash left a lock file behind", async () => {
    const directory = await dataFolder();
    const first = await startEmbeddedPostgres(directory);
    await first.stop();
    // A lock naming a live process that is not PostgreSQL, as after a reboot or in a container.
    const stranger = spawn("sleep", ["30"]);
    await writeFile(join(directory, "postmaster.pid"), `${stranger.pid}\n${directory}\n`);
    try {
      const second = await startEmbeddedPostgres(directory);
      expect(await query(second.adminUrl, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
      await second.stop();
    } finally {
      stranger.kill();
    }
  });

  it("takes over from a server left running by a killed Hubnet", async () => {
    const directory = await dataFolder();
    const orphan = await startEmbeddedPostgres(directory);
    // The orphan keeps running on its port, as if its parent had been killed with SIGKILL.
    const second = await startEmbeddedPostgres(directory);
    expect(await query(second.adminUrl, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    await second.stop();
    await orphan.stop();
  });
});
