import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { pendingMigrations, runMigrations } from "../db/migrate.ts";
import { HubnetKvStore } from "../federation/stores.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { createTestInstance } from "./helpers/instance.ts";

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((d) => d.drop())));

describe("migrations", () => {
  it("create the foundation tables on an empty database, and a second run changes nothing", async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    expect((await pendingMigrations(database.db)).length).toBeGreaterThan(0);
    await runMigrations(database);
    await runMigrations(database);
    expect(await pendingMigrations(database.db)).toEqual([]);
    const tables = await database.db.execute<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        "instance_settings",
        "spaces",
        "people",
        "space_roles",
        "key_pairs",
        "sessions",
      ]),
    );
  });

  it("create Fedify's key-value table, so its first uses at once do not race to create it", async () => {
    const database = await createTestDatabase();
    databases.push(database);
    // Each store is fresh, as in separate processes just started on a new database.
    const stores = Array.from({ length: 8 }, () => new HubnetKvStore(database.sql));
    await Promise.all(stores.map((kv, i) => kv.set(["race", String(i)], { i })));
    expect(await stores[0]?.get(["race", "7"])).toEqual({ i: 7 });
  });

  it("run safely from several processes at once", async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    await Promise.all([runMigrations(database), runMigrations(database), runMigrations(database)]);
    expect(await pendingMigrations(database.db)).toEqual([]);
  });
});

describe("health", () => {
  it("reports the process up and the database ready", async () => {
    const instance = await createTestInstance();
    try {
      const health = await instance.request("/healthz");
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok" });
      const ready = await instance.request("/readyz");
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: "ready",
        database: "ok",
        migrations: "applied",
      });
    } finally {
      await instance.close();
    }
  });

  it("is not ready while a migration is missing", async () => {
    const instance = await createTestInstance();
    try {
      await instance.deps.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations`);
      const ready = await instance.request("/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "unavailable", migrations: "pending" });
    } finally {
      await instance.close();
    }
  });
});
