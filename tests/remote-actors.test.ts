import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteActors } from "../db/schema.ts";
import { remoteActor } from "../federation/remote.ts";
import {
  ACTOR_REFRESH_MS,
  findRemoteActor,
  persistRemoteActor,
} from "../server/actors/remote-actors.ts";
import { setUp } from "./helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "./helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance; // serves @kenya, the remote actor alpha fetches
beforeAll(async () => {
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await setUp(alpha, "alpha_hub", "ana");
  await setUp(beta, "kenya", "kofi");
});
afterAll(() => stopAll());

describe("remote actors", () => {
  it("are fetched once, kept, and fetched again when older than a day", async () => {
    const ctx = alpha.running.federation.createContext(new URL(alpha.origin), alpha.deps);
    const iri = new URL("https://beta.test/@kenya");
    const first = await remoteActor(ctx, iri);
    expect(first).toMatchObject({ handle: "@kenya@beta.test", name: "kenya", type: "Group" });

    // A copy younger than a day is used as it is, even if the server has changed since.
    await alpha.deps.db
      .update(remoteActors)
      .set({ name: "Stale name" })
      .where(eq(remoteActors.iri, iri.href));
    expect((await remoteActor(ctx, iri))?.name).toBe("Stale name");

    const old = new Date(Date.now() - ACTOR_REFRESH_MS - 60_000);
    await alpha.deps.db
      .update(remoteActors)
      .set({ fetchedAt: old })
      .where(eq(remoteActors.iri, iri.href));
    const refreshed = await eventually(async () => {
      const actor = await remoteActor(ctx, iri);
      expect(actor?.name).toBe("kenya");
      return actor;
    });
    expect(refreshed?.fetchedAt.getTime()).toBeGreaterThan(old.getTime());
  });

  it("keep the stale copy when their server cannot be reached", async () => {
    const ctx = alpha.running.federation.createContext(new URL(alpha.origin), alpha.deps);
    const gone = "https://nowhere.test/@someone";
    await persistRemoteActor(alpha.deps.db, {
      iri: gone,
      type: "Person",
      handle: "@someone@nowhere.test",
      inboxIri: `${gone}/inbox`,
    });
    await alpha.deps.db
      .update(remoteActors)
      .set({ fetchedAt: new Date(0) })
      .where(eq(remoteActors.iri, gone));
    expect((await remoteActor(ctx, new URL(gone)))?.handle).toBe("@someone@nowhere.test");
    expect(await findRemoteActor(alpha.deps.db, gone)).toBeDefined();
  });
});
