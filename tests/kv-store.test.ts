import { Temporal } from "@js-temporal/polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubnetKvStore } from "../federation/stores.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const rows = async () =>
  (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM fedify_kv_v2`)[0]?.n;

describe("Fedify's key-value store", () => {
  it("forgets an entry once its time is up, and clears expired rows when asked", async () => {
    const kv = new HubnetKvStore(database.sql);
    const brief = { ttl: Temporal.Duration.from({ milliseconds: 50 }) } as never;
    await kv.set(["doc", "a"], { body: 1 }, brief);
    await kv.set(["doc", "b"], { body: 2 });
    expect(await kv.get(["doc", "a"])).toEqual({ body: 1 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await kv.get(["doc", "a"])).toBeUndefined();
    expect(await rows()).toBe(2);
    expect(await kv.expire()).toBe(1);
    expect(await rows()).toBe(1);
    expect(await kv.get(["doc", "b"])).toEqual({ body: 2 });
  });

  it("keeps public keys in memory, and sees its own changes to them at once", async () => {
    const kv = new HubnetKvStore(database.sql);
    const key = ["_fedify", "publicKey", "https://peer.test/users/a#main-key"] as const;
    await kv.set(key, { pem: "first" });
    expect(await kv.get(key)).toEqual({ pem: "first" });
    // Read from memory: each inbox POST's verification costs no query for a known key.
    await database.sql`DELETE FROM fedify_kv_v2`;
    expect(await kv.get(key)).toEqual({ pem: "first" });
    await kv.set(key, { pem: "rotated" });
    expect(await kv.get(key)).toEqual({ pem: "rotated" });
    await kv.delete(key);
    expect(await kv.get(key)).toBeUndefined();
  });

  it("starts an entry's time again when it is set again", async () => {
    const kv = new HubnetKvStore(database.sql);
    const short = { ttl: Temporal.Duration.from({ milliseconds: 300 }) } as never;
    await kv.set(["key"], "first", short);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await kv.set(["key"], "second", short);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await kv.get(["key"])).toBe("second");
    await kv.delete(["key"]);
    expect(await kv.get(["key"])).toBeUndefined();
  });
});
